import { createDb, teamExists } from '@pipe/db';
import type { Database } from '@pipe/db';
import type { Kysely } from 'kysely';

/** A team that does not exist: commands that name one refuse to act on it (exit code 1). */
export class UnknownTeamError extends Error {
  override readonly name = 'UnknownTeamError';
  readonly code = 'UNKNOWN_TEAM';
  constructor(readonly team: string) {
    super(`team '${team}' does not exist; create it with \`pipe team create ${team}\``);
  }
}

/**
 * Throws `UnknownTeamError` unless the team exists: in an open database, or in the one at a URL
 * (opened and closed for the check).
 */
export async function requireTeam(db: Kysely<Database> | string, team: string): Promise<void> {
  if (typeof db !== 'string') {
    if (!(await teamExists(db, team))) throw new UnknownTeamError(team);
    return;
  }
  const opened = createDb({ url: db, poolSize: 1, applicationName: 'pipe-cli' });
  try {
    await requireTeam(opened, team);
  } finally {
    await opened.destroy();
  }
}
