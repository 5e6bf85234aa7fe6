import type { Database } from '@pipe/db';
import type { ChangeNotice } from '@pipe/events';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { CheckpointKey } from './checkpoint.js';

/** A recorded notice awaiting its announcement: its place in the outbox and its JSON. */
export interface PendingNotice {
  id: number;
  /** The notice's JSON, to publish as it is. */
  notice: string;
}

/**
 * The statement that records a batch's notices in the outbox, to run in the batch's transaction
 * (null when there is nothing to announce). Ids follow the notices' order, so a relay that
 * publishes in id order announces a partition's commits in the order they were made.
 */
export function recordNotices(key: CheckpointKey, notices: readonly ChangeNotice[]): RawBuilder<unknown> | null {
  if (notices.length === 0) return null;
  const json = notices.map((notice) => JSON.stringify(notice));
  return sql`insert into change_outbox (projection, partition, notice)
    select ${key.projection}, ${key.partition}, n from unnest(${json}::text[]) with ordinality as t(n, i) order by i`;
}

/** The partition's oldest notices still to announce, in the order they were committed. */
export async function pendingNotices(db: Kysely<Database>, key: CheckpointKey, limit: number): Promise<PendingNotice[]> {
  return db
    .selectFrom('change_outbox')
    .select(['id', 'notice'])
    .where('projection', '=', key.projection)
    .where('partition', '=', key.partition)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Forgets the partition's notices up to `throughId` once `PIPE_CHANGES` acknowledged them. */
export async function forgetNotices(db: Kysely<Database>, key: CheckpointKey, throughId: number): Promise<void> {
  await db
    .deleteFrom('change_outbox')
    .where('projection', '=', key.projection)
    .where('partition', '=', key.partition)
    .where('id', '<=', throughId)
    .execute();
}
