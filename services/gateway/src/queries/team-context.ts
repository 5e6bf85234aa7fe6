import type { Database } from '@pipe/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type ItemSummary, type SummaryRow, toItemSummary } from '../items/item-shapes.js';

/** The sections of the team's current context. */
export const CONTEXT_SECTIONS = ['open', 'blocked', 'merged', 'decisions', 'hot'] as const;
/** One section of the team's current context. */
export type ContextSection = (typeof CONTEXT_SECTIONS)[number];

/** States that mean work is still alive, as the platforms name them (compared lower-cased). */
export const OPEN_STATES = [
  'open',
  'opened',
  'reopened',
  'in progress',
  'in_progress',
  'todo',
  'to do',
  'in review',
  'draft',
  'started',
  'backlog',
];
/** States that mean an item no longer blocks anything. */
const DONE_STATES = ['closed', 'merged', 'done', 'resolved', 'completed', 'canceled', 'cancelled', 'removed'];
/** Kinds that are units of work. */
const WORK_KINDS = ['issue', 'pull_request', 'ticket'];
/** Words that mark a decision in a message, document or comment. */
const DECISION_QUERY = 'decided | decision | agreed | approve | approved | adr';

/** An item of a section, with what makes it belong there. */
export interface ContextItem extends ItemSummary {
  blockedBy?: string[];
  activityCount?: number;
}

/** A page of one section. */
export interface SectionParams {
  team: string;
  since: string;
  limit: number;
  /** The previous page's last key: [sort value as text, id]. */
  after?: [string, string];
  /** Only these items (what search found for the question the context is about). */
  only?: readonly string[];
}

/** The clause keeping a section to {@link SectionParams.only}, or nothing. */
const onlyClause = (params: SectionParams) => (params.only === undefined ? sql`` : sql` and i.id = any(${params.only})`);

interface Row extends SummaryRow {
  sort_key: string;
  blocked_by?: string[] | null;
  activity_count?: number | null;
}

const COLUMNS = sql`i.id, i.url, i.title, i.platform, i.kind, i.state, i.container, i.updated_at`;

/** Items ordered by most recently updated, keyset on (updated_at, id). */
async function byRecency(db: Kysely<Database>, params: SectionParams, where: RawBuilder<unknown>, extra = sql``): Promise<Row[]> {
  const after = params.after === undefined ? sql`` : sql` and (i.updated_at, i.id) < (${params.after[0]}::timestamptz, ${params.after[1]})`;
  const result = await sql<Row>`
    select ${COLUMNS}, i.updated_at::text as sort_key${extra}
    from items i
    where i.team = ${params.team} and i.removed_at is null and i.updated_at is not null and ${where}${after}${onlyClause(params)}
    order by i.updated_at desc, i.id desc
    limit ${params.limit + 1}`.execute(db);
  return result.rows;
}

const openWork = sql`lower(i.state) = any(${OPEN_STATES}) and i.kind = any(${WORK_KINDS})`;

/** One page of a section, each row with its cursor key. */
export async function contextSection(
  db: Kysely<Database>,
  section: ContextSection,
  params: SectionParams,
): Promise<Array<{ item: ContextItem; key: [string, string] }>> {
  let rows: Row[];
  switch (section) {
    case 'open':
      rows = await byRecency(db, params, openWork);
      break;
    case 'blocked': {
      // Blocked: open work that a live, unfinished item states BLOCKS about.
      const blockers = sql`(select e.from_id from edges e join items b on b.team = e.team and b.id = e.from_id
        where e.team = i.team and e.type = 'BLOCKS' and e.to_ref = i.ref and b.removed_at is null
          and coalesce(lower(b.state), '') <> all(${DONE_STATES}) order by e.from_id limit 5)`;
      rows = await byRecency(db, params, sql`${openWork} and exists ${blockers}`, sql`, array${blockers} as blocked_by`);
      break;
    }
    case 'merged':
      rows = await byRecency(
        db,
        params,
        sql`i.kind = 'pull_request' and lower(i.state) = 'merged' and i.updated_at >= ${params.since}::timestamptz`,
      );
      break;
    case 'decisions':
      rows = await byRecency(
        db,
        params,
        sql`i.updated_at >= ${params.since}::timestamptz and i.search @@ to_tsquery('english', ${DECISION_QUERY})`,
      );
      break;
    case 'hot':
      rows = await hotThreads(db, params);
      break;
  }
  return rows.map((row) => {
    const item: ContextItem = toItemSummary(row);
    if (row.blocked_by) item.blockedBy = row.blocked_by;
    if (row.activity_count !== undefined && row.activity_count !== null) item.activityCount = Number(row.activity_count);
    return { item, key: [row.sort_key, row.id] };
  });
}

/**
 * Hot threads: the items with the most activity in the window, plus replies to them (a thread's
 * messages reply to its root). Keyset on (count, id), count descending.
 */
async function hotThreads(db: Kysely<Database>, params: SectionParams): Promise<Row[]> {
  const after =
    params.after === undefined
      ? sql``
      : sql` and (h.n < ${Number(params.after[0])} or (h.n = ${Number(params.after[0])} and h.item_id > ${params.after[1]}))`;
  const result = await sql<Row>`
    with touches as (
      select item_id from activities where team = ${params.team} and occurred_at >= ${params.since}::timestamptz
      union all
      select p.id from items r join items p on p.team = r.team and p.id = r.parent_id
      where r.team = ${params.team} and r.removed_at is null and r.created_at >= ${params.since}::timestamptz
    ),
    h as (select item_id, count(*)::int as n from touches group by item_id)
    select ${COLUMNS}, h.n::text as sort_key, h.n as activity_count
    from h join items i on i.team = ${params.team} and i.id = h.item_id
    where i.removed_at is null${after}${onlyClause(params)}
    order by h.n desc, h.item_id
    limit ${params.limit + 1}`.execute(db);
  return result.rows;
}
