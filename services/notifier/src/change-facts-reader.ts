import type { Database } from '@pipe/db';
import type { ChangeNotice } from '@pipe/events';
import type { ChangeFacts } from '@pipe/notify';
import type { Kysely } from 'kysely';

/**
 * Reads what the rules and messages need about each change of a team's notices from the read
 * model: the item, its latest activity, its edges both ways (with the platform of the items they
 * point at) and every name its people go by. One set of queries for a whole batch of notices, all
 * at once, so a batch costs one round trip to Postgres however many notices it holds. A removed
 * item keeps its last title; an item the read model no longer has is described from the notice.
 * Returns the facts of each notice, in the notices' order.
 */
export async function readChangeFacts(db: Kysely<Database>, team: string, notices: ChangeNotice[]): Promise<ChangeFacts[][]> {
  const ids = [...new Set(notices.flatMap((notice) => notice.changes.map((c) => c.itemId)))];
  if (ids.length === 0) return notices.map(() => []);
  const [items, activities, edgesOut, edgesIn, namesByHandle] = await Promise.all([
    db
      .selectFrom('items')
      .select(['id', 'title', 'url', 'state', 'author_handle'])
      .where('team', '=', team)
      .where('id', 'in', ids)
      .execute(),
    db
      .selectFrom('activities')
      .select(['item_id', 'verb', 'summary', 'actor_handle'])
      .distinctOn('item_id')
      .where('team', '=', team)
      .where('item_id', 'in', ids)
      .orderBy('item_id')
      .orderBy('occurred_at', 'desc')
      .execute(),
    db
      .selectFrom('edges as e')
      .leftJoin('items as t', (join) => join.onRef('t.team', '=', 'e.team').onRef('t.ref', '=', 'e.to_ref'))
      .select(['e.from_id', 'e.type', 't.platform as to_platform'])
      .where('e.team', '=', team)
      .where('e.from_id', 'in', ids)
      .execute(),
    db
      .selectFrom('edges as e')
      .innerJoin('items as i', (join) => join.onRef('i.team', '=', 'e.team').onRef('i.ref', '=', 'e.to_ref'))
      .select(['i.id as to_id', 'e.type'])
      .distinct()
      .where('e.team', '=', team)
      .where('i.id', 'in', ids)
      .execute(),
    peopleNames(db, team, ids),
  ]);
  const itemById = new Map(items.map((i) => [i.id, i]));
  const activityByItem = new Map(activities.map((a) => [a.item_id, a]));
  return notices.map((notice) =>
    notice.changes.map((change): ChangeFacts => {
      const item = itemById.get(change.itemId);
      const activity = activityByItem.get(change.itemId);
      const who = activity?.actor_handle ?? item?.author_handle ?? null;
      const people = new Set<string>();
      for (const handle of [item?.author_handle, activity?.actor_handle]) {
        if (!handle) continue;
        people.add(handle.toLowerCase());
        for (const name of namesByHandle.get(handle) ?? []) people.add(name);
      }
      return {
        itemId: change.itemId,
        team,
        platform: change.platform,
        kind: change.kind,
        container: change.container,
        change: change.change,
        title: item?.title ?? change.itemId,
        url: item?.url ?? null,
        state: item?.state ?? null,
        who,
        what: change.change === 'removed' ? 'removed' : (activity?.summary ?? activity?.verb ?? 'updated'),
        people: [...people],
        edgesOut: edgesOut.filter((e) => e.from_id === change.itemId).map((e) => ({ type: e.type, toPlatform: e.to_platform ?? null })),
        edgesIn: item ? edgesIn.filter((e) => e.to_id === change.itemId).map((e) => e.type) : [],
        at: notice.committedAt,
      };
    }),
  );
}

/**
 * For each handle of the items' authors and actors: every handle, name and email of the person it
 * belongs to (lower case). Asked in the same round as the items themselves, so the handles come
 * from subqueries, including every actor of the items (a few more names than the latest actor's).
 */
async function peopleNames(db: Kysely<Database>, team: string, itemIds: string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  const rows = await db
    .selectFrom('identities as i')
    .innerJoin('identities as p', (join) => join.onRef('p.team', '=', 'i.team').onRef('p.person_id', '=', 'i.person_id'))
    .select(['i.handle as of', 'p.handle', 'p.name', 'p.email'])
    .where('i.team', '=', team)
    .where('i.person_id', '!=', '')
    .where((eb) =>
      eb.or([
        eb('i.handle', 'in', eb.selectFrom('items').select('author_handle').where('team', '=', team).where('id', 'in', itemIds)),
        eb('i.handle', 'in', eb.selectFrom('activities').select('actor_handle').where('team', '=', team).where('item_id', 'in', itemIds)),
      ]),
    )
    .execute();
  for (const row of rows) {
    if (!row.of) continue;
    const list = names.get(row.of) ?? [];
    for (const value of [row.handle, row.name, row.email]) if (value) list.push(value.toLowerCase());
    names.set(row.of, list);
  }
  return names;
}
