import { randomUUID } from 'node:crypto';
import { publishEvent } from '@pipe/bus';
import { type IdentityRef, Platform, type PipeEvent, TeamSlug, createEvent } from '@pipe/events';
import { type CliCommand, type CliOption, UsageError } from '../command.js';
import { teamSlug } from '../option-values.js';
import { requireTeam } from '../require-team.js';
import { databaseUrlFor } from '../stack-file.js';
import { withBus } from '../connect-stack.js';

/** `github:583231` → the identity on that platform with that platform user id. */
export function parseIdentity(text: string): IdentityRef {
  const at = text.indexOf(':');
  const platform = Platform.safeParse(text.slice(0, at));
  const externalId = text.slice(at + 1);
  if (at < 1 || !platform.success || !externalId) {
    throw new UsageError(`'${text}' is not an identity: write <platform>:<user id>, e.g. github:583231 or slack:U024BE7LH`);
  }
  return { platform: platform.data, externalId, handle: null };
}

function teamOf(value: unknown): string {
  const team = TeamSlug.safeParse(value);
  if (!team.success) throw new UsageError('--team <slug> is required: the team whose people these are');
  return team.data;
}

/** Records a hand-made people change as an event, so a rebuild keeps it. */
async function record(config: Parameters<CliCommand['run']>[0]['config'], event: PipeEvent): Promise<number> {
  await requireTeam(databaseUrlFor(config), event.team);
  return withBus(config, async (bus, names) => {
    const receipt = await publishEvent(bus.js, names, event, { msgId: event.id });
    return receipt.seq;
  });
}

const origin = (team: string) => {
  const now = new Date().toISOString();
  return { team, source: { platform: 'pipe' as const, deliveryId: randomUUID(), receivedAt: now }, occurredAt: now };
};

const TEAM_OPTION: CliOption = {
  type: 'string',
  value: 'slug',
  required: true,
  parse: teamSlug,
  description: 'the team whose people these are',
};

export const peopleLinkCommand: CliCommand = {
  words: ['people', 'link'],
  usage: '<identity> <identity> --team <slug>',
  summary: 'declare two identities (platform:user-id) one person; kept in the log',
  arguments: [
    { name: 'identity', description: '<platform>:<user id>, e.g. github:583231' },
    { name: 'other', description: 'the other identity, e.g. slack:U024BE7LH' },
  ],
  options: { team: TEAM_OPTION },
  examples: [{ command: 'pipe people link github:583231 slack:U024BE7LH --team acme', does: 'one person on GitHub and Slack' }],
  async run({ config, args, values, out }) {
    const [a, b] = args;
    if (!a || !b) throw new UsageError('name two identities, e.g. github:583231 slack:U024BE7LH');
    const team = teamOf(values.team);
    const seq = await record(
      config,
      createEvent(origin(team), { type: 'person.linked', data: { identities: [parseIdentity(a), parseIdentity(b)] } }),
    );
    out.stdout.write(`linked ${a} and ${b} (event ${seq} in the log)\n`);
    return 0;
  },
};

export const peopleUnlinkCommand: CliCommand = {
  words: ['people', 'unlink'],
  usage: '<identity> --team <slug>',
  summary: 'split an identity off its person; a shared email no longer merges it',
  arguments: [{ name: 'identity', description: '<platform>:<user id>, e.g. slack:U024BE7LH' }],
  options: { team: TEAM_OPTION },
  examples: [{ command: 'pipe people unlink slack:U024BE7LH --team acme', does: 'that Slack user is a person of their own again' }],
  async run({ config, args, values, out }) {
    const [identity] = args;
    if (!identity) throw new UsageError('name the identity to split off, e.g. slack:U024BE7LH');
    const team = teamOf(values.team);
    const seq = await record(config, createEvent(origin(team), { type: 'person.unlinked', data: { identity: parseIdentity(identity) } }));
    out.stdout.write(`unlinked ${identity} (event ${seq} in the log)\n`);
    return 0;
  },
};
