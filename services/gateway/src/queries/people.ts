import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { type Activity, toActivity } from '../items/item-shapes.js';

/** A person's identity on one platform. */
export interface IdentityOut {
  platform: string;
  externalId: string;
  handle: string | null;
  name: string | null;
  email: string | null;
  url: string | null;
}

/** A person with their identities and what they did lately. */
export interface PersonOut {
  id: string;
  name: string | null;
  email: string | null;
  identities: IdentityOut[];
  recent: Activity[];
}

/** Who to find. */
export interface FindPeopleParams {
  team: string;
  /** Part of a name, handle or email, or an exact external id or person id. */
  query?: string;
  /** Exactly this person. */
  personId?: string;
  platform?: string[];
  limit: number;
  /** How many recent activities per person. */
  recent: number;
  /** Continue after this person id. */
  after?: string;
}

/**
 * People of the team (identities grouped by person) matching a query on any of their identities,
 * ordered by id (keyset), each with every identity and their latest activity.
 */
export async function findPeople(db: Kysely<Database>, params: FindPeopleParams): Promise<PersonOut[]> {
  let query = db.selectFrom('people as p').select(['p.id', 'p.name', 'p.email']).where('p.team', '=', params.team);
  if (params.personId !== undefined) query = query.where('p.id', '=', params.personId);
  if (params.query !== undefined || params.platform?.length) {
    const pattern = params.query === undefined ? undefined : `%${params.query.replace(/^@/, '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('identities as i')
          .select(sql`1`.as('one'))
          .whereRef('i.team', '=', 'p.team')
          .whereRef('i.person_id', '=', 'p.id')
          .$if(pattern !== undefined, (q) =>
            q.where((eb) =>
              eb.or([
                eb('i.handle', 'ilike', pattern ?? ''),
                eb('i.name', 'ilike', pattern ?? ''),
                eb('i.email', 'ilike', pattern ?? ''),
                eb('i.external_id', '=', params.query ?? ''),
                eb('i.person_id', '=', params.query ?? ''),
              ]),
            ),
          )
          .$if(params.platform !== undefined && params.platform.length > 0, (q) => q.where('i.platform', 'in', params.platform ?? [])),
      ),
    );
  }
  if (params.after !== undefined) query = query.where('p.id', '>', params.after);
  const people = await query
    .orderBy('p.id')
    .limit(params.limit + 1)
    .execute();
  if (people.length === 0) return [];
  const ids = people.map((person) => person.id);

  const [identities, recent] = await Promise.all([
    db
      .selectFrom('identities')
      .select(['person_id', 'platform', 'external_id', 'handle', 'name', 'email', 'url'])
      .where('team', '=', params.team)
      .where('person_id', 'in', ids)
      .orderBy('platform')
      .orderBy('external_id')
      .execute(),
    params.recent === 0
      ? Promise.resolve([])
      : sql<{
          person_id: string;
          id: string;
          item_id: string;
          verb: string;
          actor_handle: string | null;
          actor_platform: string | null;
          summary: string;
          occurred_at: Date;
        }>`
          select pid as person_id, a.* from unnest(${ids}::text[]) as pid,
          lateral (
            select a.id, a.item_id, a.verb, a.actor_handle, a.actor_platform, a.summary, a.occurred_at from activities a
            where a.team = ${params.team} and (a.actor_platform, a.actor_external_id) in (
              select platform, external_id from identities where team = ${params.team} and person_id = pid)
            order by a.occurred_at desc, a.id limit ${params.recent}
          ) a`
          .execute(db)
          .then((result) => result.rows),
  ]);
  return people.map((person) => ({
    id: person.id,
    name: person.name,
    email: person.email,
    identities: identities
      .filter((identity) => identity.person_id === person.id)
      .map((i) => ({ platform: i.platform, externalId: i.external_id, handle: i.handle, name: i.name, email: i.email, url: i.url })),
    recent: recent.filter((row) => row.person_id === person.id).map(toActivity),
  }));
}
