import { createDb, ensureDatabaseExists, migrateToLatest, setAssistantPrompts, teamExists } from '@pipe/db';
import type { CliConfig } from '../config.js';
import { databaseUrlFor } from '../stack-file.js';

/** A team setting `pipe team set` can change, with the values it takes. */
interface TeamSetting {
  values: readonly string[];
  describe: string;
  apply(db: ReturnType<typeof createDb>, team: string, value: string): Promise<void>;
}

/** Every setting of `pipe team set <team> <setting> <value>`. */
export const TEAM_SETTINGS: Readonly<Record<string, TeamSetting>> = {
  'assistant.prompts': {
    values: ['on', 'off'],
    describe: 'keep the text of prompts developers send to their AI assistants (default off: only that a prompt was sent is kept)',
    apply: (db, team, value) => setAssistantPrompts(db, team, value === 'on'),
  },
};

/** A setting or value `pipe team set` does not know. */
export class TeamSettingError extends Error {
  override readonly name = 'TeamSettingError';
  readonly code = 'TEAM_SETTING_INVALID';
}

/** `pipe team set <team> <setting> <value>`: changes one team setting. */
export async function teamSet(
  config: CliConfig,
  team: string,
  name: string,
  value: string,
): Promise<{ team: string; setting: string; value: string }> {
  const setting = TEAM_SETTINGS[name];
  if (!setting) {
    throw new TeamSettingError(`unknown setting '${name}'; the settings are: ${Object.keys(TEAM_SETTINGS).join(', ')}`);
  }
  const normalized = value.toLowerCase();
  if (!setting.values.includes(normalized)) {
    throw new TeamSettingError(`${name} takes ${setting.values.join(' or ')}, not '${value}'`);
  }
  const url = databaseUrlFor(config);
  await ensureDatabaseExists(url);
  const db = createDb({ url, poolSize: 2, applicationName: 'pipe-cli' });
  try {
    await migrateToLatest(db);
    if (!(await teamExists(db, team))) throw new TeamSettingError(`no team '${team}'; create it with \`pipe team create ${team}\``);
    await setting.apply(db, team, normalized);
    return { team, setting: name, value: normalized };
  } finally {
    await db.destroy();
  }
}
