import type { JetStreamClient } from '@nats-io/jetstream';
import { type StreamNames, openStreamReader, teamEventsWildcard } from '@pipe/bus';
import type { Database } from '@pipe/db';
import { teamPartition } from '@pipe/events';
import type { Kysely } from 'kysely';

/** The checkpoint name the projector writes by default (its durable consumers are `projector-p<n>`). */
const PROJECTION = 'projector';

/**
 * How many of `team`'s events in `PIPE_EVENTS` the projector has not applied yet. A team's events
 * all live in one partition of the log (`teamPartition`), applied in order by that partition's
 * loop, whose checkpoint (`checkpoints`, partition `p<n>`) is the last stream sequence it
 * committed; the backlog is the team's events after it, counted by the server. No checkpoint
 * yet means nothing of that partition was applied. Other partitions' checkpoints say nothing
 * about this team: every partition moves on its own, so one of them is not "the" position.
 */
export async function projectorBacklog(db: Kysely<Database>, js: JetStreamClient, names: StreamNames, team: string): Promise<number> {
  const partition = `p${teamPartition(team, names.partitions)}`;
  const checkpoint = await db
    .selectFrom('checkpoints')
    .select('last_seq')
    .where('projection', '=', PROJECTION)
    .where('partition', '=', partition)
    .executeTakeFirst();
  const reader = await openStreamReader(js, {
    stream: names.events,
    filterSubject: teamEventsWildcard(names, team),
    from: { seq: Number(checkpoint?.last_seq ?? 0) + 1 },
    inactiveMs: 10_000,
  });
  // Only the count the server made when the reader opened; nothing is read.
  await reader.close();
  return reader.pending;
}
