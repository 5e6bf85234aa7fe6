import { sql } from 'kysely';

/** An item's summary columns under `alias`, prefixed `item_` (see `JoinedItemColumns`). */
export const ITEM_COLUMNS = (alias: string) =>
  sql.raw(
    ['id', 'url', 'title', 'platform', 'kind', 'state', 'container', 'updated_at'].map((c) => `${alias}.${c} as item_${c}`).join(', '),
  );

/** The person columns of `EDGE_TARGET_JOINS`'s `p`. */
export const PERSON_COLUMNS = sql`p.person_id, p.platform as person_platform, p.handle as person_handle, p.name as person_name`;

/**
 * What the `to_ref` of edge `e` resolves to: the live item with that ref as `t` (the newest, when
 * an issue and a PR share a number), and the identity with that ref as `p` — either may be absent.
 */
export const EDGE_TARGET_JOINS = sql`
      left join lateral (
        select * from items t where t.team = e.team and t.ref = e.to_ref and t.removed_at is null
        order by t.updated_at desc nulls last, t.id limit 1
      ) t on true
      left join lateral (
        select person_id, platform, handle, name from identities i where i.team = e.team and i.ref = e.to_ref
        order by platform, external_id limit 1
      ) p on true`;
