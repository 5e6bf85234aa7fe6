import { type Kysely, sql } from 'kysely';

/**
 * `search_term_matches(team, query, recent_since, cap)`: the ids (and row addresses) of a team's
 * `cap` most recently updated live items matching one search term (issue 18). Search asks it once
 * per word of a question.
 *
 * Which way is fastest depends on how common the word is, and Postgres would otherwise plan the
 * whole candidates statement anew on every search to find out.
 * Here one plan serves every word, chosen at run time by what the newest items hold:
 *
 * - the team's 100 newest items are looked at first: a word in `cap` of them is done. A word in 3
 *   or more is frequent, and the 400 newest are read: a word in one item in ten or more has its
 *   `cap` most recent matches among them, and nothing else is read. A rarer word pays only for
 *   the look (≈ 0.1 ms, against ≈ 0.4 for the 400), which a question pays once per word;
 * - otherwise the recent window, the items updated since `recent_since` (the team's 25,000 newest,
 *   see the gateway's `recent-window.ts`): the word's full-text matches intersected with the
 *   block-range index on update time, so only matches inside the window are read;
 * - and only when the window held fewer than `cap`, the older items (the full-text index alone).
 *
 * Each step gives exactly the `cap` most recent matches when it stops, so the answer is the same
 * whichever way it was found. Items without an update time sort first (newest), as
 * `order by updated_at desc` and the block-range index's expression have it. With no window
 * (`recent_since` null: a team smaller than it) the full-text index is read directly.
 *
 * The plan is generic (`plan_cache_mode`), made once per connection: the parts a word does not
 * need are skipped by one-time filters when it runs. Names resolve through the caller's search
 * path, like the gateway's statements, so a rebuilt read model swapped in by `pipe replay` is the
 * one read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function search_term_matches(p_team text, p_query tsquery, p_recent_since timestamptz, p_cap int)
    returns table (tid tid, id text)
    language plpgsql stable
    set plan_cache_mode = force_generic_plan
    as $$
    declare
      first_tids tid[];
      first_ids text[];
    begin
      if p_recent_since is null then
        return query select i.ctid, i.id from items i
          where i.team = p_team and i.removed_at is null and i.search @@ p_query
          order by i.updated_at desc limit p_cap;
        return;
      end if;
      select coalesce(array_agg(n.ctid order by n.updated_at desc, n.id), '{}'), coalesce(array_agg(n.id order by n.updated_at desc, n.id), '{}')
        into first_tids, first_ids from (
        select i.ctid, i.id, i.search, i.updated_at from items i where i.team = p_team and i.removed_at is null
        order by i.updated_at desc limit 100) n
      where n.search @@ p_query;
      if cardinality(first_ids) >= p_cap then
        return query select f.tid, f.id from unnest(first_tids[1:p_cap], first_ids[1:p_cap]) f(tid, id);
        return;
      end if;
      if cardinality(first_ids) < 3 then
        return query
          with recent as materialized (
            select i.ctid, i.id from items i
            where i.team = p_team and i.removed_at is null and i.search @@ p_query
              and coalesce(i.updated_at, 'infinity'::timestamptz) >= p_recent_since
            order by i.updated_at desc limit p_cap)
          select r.ctid, r.id from recent r
          union all
          (select i.ctid, i.id from items i
            where i.team = p_team and i.removed_at is null and i.search @@ p_query and i.updated_at < p_recent_since
            order by i.updated_at desc limit (select p_cap - count(*) from recent));
        return;
      end if;
      return query
        with newest as materialized (
          select n.ctid, n.id from (
            select i.ctid, i.id, i.search, i.updated_at from items i
            where i.team = p_team and i.removed_at is null
            order by i.updated_at desc limit 400) n
          where n.search @@ p_query order by n.updated_at desc limit p_cap),
        walked as materialized (select count(*) >= p_cap as enough from newest),
        recent as materialized (
          select i.ctid, i.id from items i
          where not (select enough from walked)
            and i.team = p_team and i.removed_at is null and i.search @@ p_query
            and coalesce(i.updated_at, 'infinity'::timestamptz) >= p_recent_since
          order by i.updated_at desc limit p_cap)
        select n.ctid, n.id from newest n where (select enough from walked)
        union all
        select r.ctid, r.id from recent r
        union all
        (select i.ctid, i.id from items i
          where not (select enough from walked)
            and i.team = p_team and i.removed_at is null and i.search @@ p_query and i.updated_at < p_recent_since
          order by i.updated_at desc limit (select p_cap - count(*) from recent));
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists search_term_matches(text, tsquery, timestamptz, int)`.execute(db);
}
