import { type Kysely, sql } from 'kysely';

/**
 * Item search without recomputing what did not change. Tokenising a body (`to_tsvector`) is the
 * most expensive part of writing an item, and most updates (a state change, a label, a new title)
 * leave the body as it was — yet a generated column over title and body is recomputed on every
 * update. So the title's and the body's vectors become columns of their own, filled by a trigger
 * only when their text is new or changed, and `search` (still generated, still GIN-indexed)
 * just concatenates them — cheap — and stays empty for removed items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists items_search`.execute(db);
  await sql`alter table items drop column search`.execute(db);
  await sql`alter table items add column search_title tsvector, add column search_body tsvector`.execute(db);
  await sql`
    create function items_search_vectors() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' or new.title is distinct from old.title or new.search_title is null then
        new.search_title := setweight(to_tsvector('english'::regconfig, new.title), 'A');
      end if;
      if tg_op = 'INSERT' or new.body is distinct from old.body or new.search_body is null then
        new.search_body := setweight(to_tsvector('english'::regconfig, new.body), 'B');
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger items_search_vectors before insert or update of title, body on items
    for each row execute function items_search_vectors()`.execute(db);
  // Fill the vectors of existing rows (the trigger fires on updates that set title or body).
  await sql`update items set title = title, body = body`.execute(db);
  await sql`alter table items add column search tsvector generated always as (
    case when removed_at is null then coalesce(search_title, ''::tsvector) || coalesce(search_body, ''::tsvector)
    else ''::tsvector end) stored`.execute(db);
  // A small pending list: GIN defers new entries to it and merges them into the index when it
  // fills, inside whichever write fills it. At the 4 MB default that merge stalls one projector
  // batch for a long while (a latency spike for live notifications); small lists merge often and briefly.
  await sql`create index items_search on items using gin (search) with (gin_pending_list_limit = 256)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists items_search`.execute(db);
  await sql`alter table items drop column search`.execute(db);
  await sql`drop trigger if exists items_search_vectors on items`.execute(db);
  await sql`drop function if exists items_search_vectors()`.execute(db);
  await sql`alter table items drop column search_title, drop column search_body`.execute(db);
  await sql`alter table items add column search tsvector generated always as (case when removed_at is null then
    setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, body), 'B')
    else ''::tsvector end) stored`.execute(db);
  await sql`create index items_search on items using gin (search)`.execute(db);
}
