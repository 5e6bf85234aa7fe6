import { column, defineTable } from './table-definition.js';

const text = column('text');
const nullableText = column('text', { nullable: true });
const bigint = column('bigint');
const timestamptz = column('timestamptz');
const nullableTimestamptz = column('timestamptz', { nullable: true });

/** The latest known snapshot of every item. */
export const itemsTable = defineTable(
  'items',
  {
    team: text,
    id: text,
    /** How other items refer to this one (see `itemRef` in @pipe/platforms). */
    ref: text,
    platform: text,
    kind: text,
    title: text,
    body: text,
    url: nullableText,
    state: nullableText,
    container: nullableText,
    parent_id: nullableText,
    author_handle: nullableText,
    author_external_id: nullableText,
    created_at: nullableTimestamptz,
    updated_at: nullableTimestamptz,
    /** The source version of this snapshot; only a newer one replaces it. */
    version: bigint,
    /** The event that wrote this snapshot (ties of `version` break on it). */
    event_id: text,
    event_seq: bigint,
    removed_at: nullableTimestamptz,
    /** The title's and the body's weighted vectors, kept by a trigger only when their text changes. */
    search_title: column('tsvector', { nullable: true, fill: 'generated' }),
    search_body: column('tsvector', { nullable: true, fill: 'generated' }),
    /** Generated from the two vectors; empty once the item is removed. */
    search: column('tsvector', { nullable: true, fill: 'generated' }),
  },
  { key: ['team', 'id'] },
);

/** Typed relations between items, each with where it came from. */
export const edgesTable = defineTable(
  'edges',
  {
    team: text,
    from_id: text,
    /** The target's reference (an item's `ref`), which may name an item not seen yet. */
    to_ref: text,
    type: text,
    /** `text` for relations derived from an item's text, `source` for ones the platform states. */
    origin: text,
    /** The rule that produced it (`fixes-number`, `hash-number`, …) or the source's link type. */
    rule: text,
    /** The text that produced it, for provenance. */
    snippet: nullableText,
    event_id: text,
  },
  { key: ['team', 'from_id', 'type', 'to_ref', 'origin'] },
);

/** The timeline: who did what to which item, when. */
export const activitiesTable = defineTable(
  'activities',
  {
    team: text,
    id: text,
    item_id: text,
    verb: text,
    actor_handle: nullableText,
    actor_external_id: nullableText,
    actor_platform: nullableText,
    summary: text,
    occurred_at: timestamptz,
    event_id: text,
  },
  { key: ['team', 'id'] },
);

/** People as each platform knows them. */
export const identitiesTable = defineTable(
  'identities',
  {
    team: text,
    platform: text,
    external_id: text,
    handle: nullableText,
    name: nullableText,
    email: nullableText,
    url: nullableText,
    event_id: text,
    /** How edges name this identity (`identity:github:octocat`); the default only filled rows that predate the column. */
    ref: column('text', { default: "''::text" }),
    /** The person this identity belongs to; the default only filled rows that predate the column. */
    person_id: column('text', { default: "''::text" }),
    /** False once split off by hand: a shared email no longer merges it. */
    auto_merge: column('boolean', { fill: 'default', default: 'true' }),
  },
  { key: ['team', 'platform', 'external_id'] },
);

/** The links platforms state, removals included, so a late older event cannot undo a newer one. */
export const sourceLinksTable = defineTable(
  'source_links',
  {
    team: text,
    from_id: text,
    to_ref: text,
    type: text,
    removed: column('boolean'),
    event_id: text,
  },
  { key: ['team', 'from_id', 'type', 'to_ref'] },
);

/** Per team and platform: how fresh the read model is. */
export const sourceStatsTable = defineTable(
  'source_stats',
  {
    team: text,
    platform: text,
    last_event_seq: bigint,
    last_received_at: timestamptz,
    last_occurred_at: timestamptz,
    last_applied_at: column('timestamptz', { fill: 'stamp' }),
    events: bigint,
  },
  { key: ['team', 'platform'] },
);

/**
 * How far each projection has applied the log: its last stream sequence per partition, and which
 * stream that sequence is of (`PIPE_EVENTS`'s `created` time; null until first recorded).
 */
export const checkpointsTable = defineTable(
  'checkpoints',
  {
    projection: text,
    partition: text,
    last_seq: bigint,
    updated_at: column('timestamptz', { fill: 'stamp', default: 'now()' }),
    stream_created: column('text', { nullable: true, fill: 'provenance' }),
  },
  { key: ['projection', 'partition'] },
);

/**
 * Every table of the read model: everything the projector writes, its checkpoints included (a
 * model and the position it reflects move together). Admin tables (teams, keys, secrets, audit)
 * are not part of it and are never rebuilt or swapped.
 */
export const readModelTables = [
  itemsTable,
  edgesTable,
  activitiesTable,
  identitiesTable,
  sourceLinksTable,
  sourceStatsTable,
  checkpointsTable,
] as const;

/** The name of a read-model table. */
export type ReadModelTableName = (typeof readModelTables)[number]['name'];
