import { type RowOf, columnNames, identitiesTable, insertUnnested } from '@pipe/db';
import type { IdentityRef } from '@pipe/events';
import { identityRefOf } from '@pipe/platforms';
import { type RawBuilder, sql } from 'kysely';
import { olderStatementSql } from '../merge-rules.js';
import type { Tx } from './tx.js';

/** The latest details of a person's identity on a platform (`auto_merge` is left to merges). */
export type IdentityRow = RowOf<typeof identitiesTable>;

const KEY = columnNames(identitiesTable, identitiesTable.key);
const OLDER = olderStatementSql('identities');

// Placeholder rows (an identity linked by hand before it was observed) lose to any observation.
const PLACEHOLDER_EVENT_ID = '0';

/** A person's id before any merge: the identity's own key. Groups take their smallest key. */
export const identityKey = (platform: string, externalId: string): string => `${platform}:${externalId}`;

/** How edges name an identity (by login or user id, as its platform's module says). */
export const refOfIdentity = (identity: IdentityRef): string => identityRefOf(identity);

/**
 * The statement storing identities (`null` for none); a newer event's details replace an older
 * one's (never the reverse), and the person an identity belongs to is left as merges made it.
 */
export function identitiesUpsert(rows: readonly IdentityRow[]): RawBuilder<unknown> | null {
  if (rows.length === 0) return null;
  return sql`
    ${insertUnnested(identitiesTable, rows)}
    on conflict (${KEY}) do update set
      handle = excluded.handle, name = excluded.name, email = excluded.email, url = excluded.url,
      event_id = excluded.event_id, ref = excluded.ref
    where ${OLDER}`;
}

/**
 * The same email on several platforms is one person: every group sharing an email (among
 * identities not split off by hand) takes the smallest person id of them.
 */
export async function mergeByEmail(tx: Tx, emails: readonly { team: string; email: string }[]): Promise<void> {
  if (emails.length === 0) return;
  await sql`
    with wanted as (select distinct * from unnest(${emails.map((e) => e.team)}::text[], ${emails.map((e) => e.email.toLowerCase())}::text[]) as w(team, email)),
    groups as (
      select i.team, min(i.person_id) as person_id, array_agg(distinct i.person_id) as person_ids
      from identities i join wanted w on w.team = i.team and lower(i.email) = w.email
      where i.auto_merge
      group by i.team, lower(i.email)
      having count(distinct i.person_id) > 1)
    update identities i set person_id = g.person_id
    from groups g
    where i.team = g.team and i.person_id = any(g.person_ids) and i.person_id <> g.person_id`.execute(tx);
}

/** `pipe people link`: the two identities' people become one. */
export async function linkPeople(tx: Tx, team: string, a: IdentityRef, b: IdentityRef): Promise<void> {
  const [pa, pb] = [await ensureIdentity(tx, team, a), await ensureIdentity(tx, team, b)];
  // biome-ignore lint/complexity/useMathMinMax: person ids are strings; Math.min would coerce them.
  const merged = pa < pb ? pa : pb;
  await sql`update identities set person_id = ${merged} where team = ${team} and person_id in (${pa}, ${pb})`.execute(tx);
}

/**
 * `pipe people unlink`: the identity becomes a person of its own and is no longer merged by
 * email; the rest of its former group keeps together under its smallest remaining key.
 */
export async function unlinkPerson(tx: Tx, team: string, identity: IdentityRef): Promise<void> {
  const former = await ensureIdentity(tx, team, identity);
  const own = identityKey(identity.platform, identity.externalId);
  await sql`update identities set person_id = ${own}, auto_merge = false
    where team = ${team} and platform = ${identity.platform} and external_id = ${identity.externalId}`.execute(tx);
  await sql`
    with rest as (
      select min(platform || ':' || external_id) as person_id from identities
      where team = ${team} and person_id = ${former} and not (platform = ${identity.platform} and external_id = ${identity.externalId}))
    update identities i set person_id = rest.person_id from rest
    where i.team = ${team} and i.person_id = ${former} and rest.person_id is not null
      and not (i.platform = ${identity.platform} and i.external_id = ${identity.externalId})`.execute(tx);
}

/** The identity's person id, creating a placeholder identity when it was not observed yet. */
async function ensureIdentity(tx: Tx, team: string, identity: IdentityRef): Promise<string> {
  const row = await sql<{ person_id: string }>`
    insert into identities (team, platform, external_id, handle, name, email, url, event_id, ref, person_id)
    values (${team}, ${identity.platform}, ${identity.externalId}, ${identity.handle}, null, null, null, ${PLACEHOLDER_EVENT_ID},
      ${refOfIdentity(identity)}, ${identityKey(identity.platform, identity.externalId)})
    on conflict (team, platform, external_id) do update set team = excluded.team
    returning person_id`.execute(tx);
  return row.rows[0]?.person_id ?? identityKey(identity.platform, identity.externalId);
}
