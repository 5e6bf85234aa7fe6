import type { Database } from '@pipe/db';
import type { Kysely } from 'kysely';

/** The person who authored each of these items of the team (items without a known author are absent). */
export async function itemAuthors(db: Kysely<Database>, team: string, itemIds: string[]): Promise<Map<string, string>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('identities as p', (join) =>
      join.onRef('p.team', '=', 'i.team').onRef('p.platform', '=', 'i.platform').onRef('p.external_id', '=', 'i.author_external_id'),
    )
    .select(['i.id', 'p.person_id'])
    .where('i.team', '=', team)
    .where('i.id', 'in', itemIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.person_id]));
}
