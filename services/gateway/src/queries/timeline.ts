import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { type Activity, type ItemSummary, type JoinedItemColumns, joinedSummary, toActivity } from '../items/item-shapes.js';

/** Whose activity, where, and when. */
export interface TimelineParams {
  team: string;
  personId?: string;
  container?: string;
  itemId?: string;
  verbs?: string[];
  since?: string;
  until?: string;
  limit: number;
  /** Continue after this entry: its exact time (as text) and id. */
  after?: { at: string; id: string };
}

/** One entry with its item and the key a cursor continues from. */
export interface TimelineRow {
  entry: Activity & { item: ItemSummary | null };
  key: [string, string];
}

/**
 * The team's activity, newest first, optionally of one person (any of their identities), in one
 * container, on one item, of some verbs, within a window. Keyset-paged on (occurred_at, id), with
 * the time carried as Postgres text so microseconds survive the round trip.
 */
export async function timeline(db: Kysely<Database>, params: TimelineParams): Promise<TimelineRow[]> {
  let query = db
    .selectFrom('activities as a')
    .leftJoin('items as i', (join) => join.onRef('i.team', '=', 'a.team').onRef('i.id', '=', 'a.item_id'))
    .select(['a.id', 'a.item_id', 'a.verb', 'a.actor_handle', 'a.actor_platform', 'a.summary', 'a.occurred_at'])
    .select(sql<string>`a.occurred_at::text`.as('occurred_key'))
    .select([
      'i.id as item_id_joined',
      'i.url as item_url',
      'i.title as item_title',
      'i.platform as item_platform',
      'i.kind as item_kind',
      'i.state as item_state',
      'i.container as item_container',
      'i.updated_at as item_updated_at',
    ])
    .where('a.team', '=', params.team);
  if (params.personId !== undefined) {
    query = query.where(
      sql<boolean>`(a.actor_platform, a.actor_external_id) in (select platform, external_id from identities where team = ${params.team} and person_id = ${params.personId})`,
    );
  }
  if (params.container !== undefined) query = query.where('i.container', '=', params.container);
  if (params.itemId !== undefined) query = query.where('a.item_id', '=', params.itemId);
  if (params.verbs?.length) query = query.where('a.verb', 'in', params.verbs);
  if (params.since !== undefined) query = query.where(sql<boolean>`a.occurred_at >= ${params.since}::timestamptz`);
  if (params.until !== undefined) query = query.where(sql<boolean>`a.occurred_at < ${params.until}::timestamptz`);
  if (params.after !== undefined) {
    query = query.where(sql<boolean>`(a.occurred_at, a.id) < (${params.after.at}::timestamptz, ${params.after.id})`);
  }
  const rows = await query
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(params.limit + 1)
    .execute();
  return rows.map((row) => {
    const joined: JoinedItemColumns = { ...row, item_id: row.item_id_joined };
    return { entry: { ...toActivity(row), item: joinedSummary(joined) }, key: [row.occurred_key, row.id] };
  });
}
