import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/**
 * The person a caller names: a person id (`github:583231`), a platform handle (`octocat`,
 * `@octocat`), an email, or a name, matched case-insensitively within the team. Returns the
 * person id, or null when nobody matches. When several people match a name, the one with the
 * most identities wins (ties by id), so the answer is stable.
 */
export async function resolvePerson(db: Kysely<Database>, team: string, person: string): Promise<string | null> {
  const needle = person.trim().replace(/^@/, '').toLowerCase();
  const row = await db
    .selectFrom('identities')
    .select('person_id')
    .select(sql<number>`count(*)`.as('n'))
    .where('team', '=', team)
    .where((eb) =>
      eb.or([
        eb('person_id', '=', person.trim()),
        eb(sql`lower(handle)`, '=', needle),
        eb(sql`lower(email)`, '=', needle),
        eb(sql`lower(name)`, '=', needle),
        eb('ref', '=', person.trim()),
      ]),
    )
    .groupBy('person_id')
    .orderBy('n', 'desc')
    .orderBy('person_id')
    .limit(1)
    .executeTakeFirst();
  return row?.person_id ?? null;
}
