import { itemUri } from '@pipe/events';
import { z } from 'zod';
import { nullable } from '../tools/tool-schema.js';

/**
 * How many characters of an item's body one `get_item` (or `pipe://items/…` read) carries: one
 * part. A longer body is paged with `offset` — the part appears twice in a tool result (structured
 * and text), and the whole result stays within the response budget.
 */
export const BODY_LIMIT = 3000;

/** An item as lists show it: enough to pick one and fetch it with `get_item`. */
export const ItemSummary = z.object({
  id: z.string().describe('Pipe item id, e.g. github:issue:octo/demo#7; pass it to get_item'),
  uri: z.string().describe('pipe://items/... resource URI of the item (readable and subscribable)'),
  url: nullable(z.string()).describe('the item on its platform'),
  title: z.string(),
  platform: z.string(),
  kind: z.string(),
  state: nullable(z.string()),
  container: nullable(z.string()).describe('where it lives: repository, channel, project, space'),
  updatedAt: nullable(z.string()).describe('ISO 8601 time of the last change at the source'),
  snippet: z.string().optional().describe('the part of the body matching the search, matches in <b>…</b>'),
});
/** An item as lists show it. */
export type ItemSummary = z.infer<typeof ItemSummary>;

/** An item in full, as `get_item` returns it. */
export const ItemDetail = ItemSummary.omit({ snippet: true }).extend({
  body: z.string().describe(`the text of the item from bodyOffset on, at most ${BODY_LIMIT} characters (one part)`),
  bodyTruncated: z.boolean().describe('true when more of the body follows this part (bodyRemaining > 0)'),
  bodyOffset: z.number().int().describe('where this part starts in the body, in characters'),
  bodyLength: z.number().int().describe('the whole body’s length in characters'),
  bodyRemaining: z
    .number()
    .int()
    .describe('characters of the body after this part; when above 0, call get_item again with offset = bodyOffset + the part’s length'),
  author: nullable(z.string()).describe('the author handle on the platform'),
  createdAt: nullable(z.string()),
  parentId: nullable(z.string()).describe('the item this one belongs to (a comment’s issue, a reply’s thread)'),
  removed: z.boolean().describe('true when the item was deleted at the source'),
});
/** An item in full. */
export type ItemDetail = z.infer<typeof ItemDetail>;

/** A person at the end of an edge (MENTIONS, AUTHORED_BY name identities, not items). */
export const PersonRef = z.object({
  id: z.string().describe('person id; pass it to people or as the person filter'),
  platform: z.string(),
  handle: nullable(z.string()),
  name: nullable(z.string()),
});
/** A person at the end of an edge. */
export type PersonRef = z.infer<typeof PersonRef>;

/** A typed relation, with the item (or person) at its other end and where it came from. */
export const Edge = z.object({
  type: z.string().describe('REFERENCES, MENTIONS, CLOSES, BLOCKS, …'),
  rule: z.string().describe('provenance: the rule or source link type that produced it'),
  origin: z.string().describe('provenance: text (derived from item text), structure (parent/child) or source (stated by the platform)'),
  snippet: nullable(z.string()).describe('provenance: the text that produced it'),
  ref: z.string().describe('the other end: the reference an outgoing edge names, or the id of an incoming edge’s source'),
  item: nullable(ItemSummary).describe('the item at the other end, or null when it is a person, not seen (yet), or removed'),
  person: PersonRef.optional().describe('the person at the other end of a MENTIONS or AUTHORED_BY edge'),
});
/** A typed relation, with the item at its other end. */
export type Edge = z.infer<typeof Edge>;

/** One entry of the timeline. */
export const Activity = z.object({
  id: z.string(),
  itemId: z.string(),
  verb: z.string().describe('opened, merged, commented, pushed, reviewed, …'),
  actor: nullable(z.string()).describe('the actor’s handle on the platform'),
  actorPlatform: nullable(z.string()),
  summary: z.string(),
  occurredAt: z.string(),
});
/** One entry of the timeline. */
export type Activity = z.infer<typeof Activity>;

/** The columns a summary is built from. */
export interface SummaryRow {
  id: string;
  url: string | null;
  title: string;
  platform: string;
  kind: string;
  state: string | null;
  container: string | null;
  updated_at: Date | null;
}

/** The wire form of a timestamp. */
export const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** Builds the summary of an item row. */
export function toItemSummary(row: SummaryRow): ItemSummary {
  return {
    id: row.id,
    uri: itemUri(row.id),
    url: row.url,
    title: row.title,
    platform: row.platform,
    kind: row.kind,
    state: row.state,
    container: row.container,
    updatedAt: isoOrNull(row.updated_at),
  };
}

/** The columns an activity is built from. */
export interface ActivityRow {
  id: string;
  item_id: string;
  verb: string;
  actor_handle: string | null;
  actor_platform: string | null;
  summary: string;
  occurred_at: Date;
}

/** Builds an activity from its row. */
export function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    itemId: row.item_id,
    verb: row.verb,
    actor: row.actor_handle,
    actorPlatform: row.actor_platform,
    summary: row.summary,
    occurredAt: row.occurred_at.toISOString(),
  };
}

/** The prefixed item columns a lateral/outer join selects, mapped back to a summary (null when absent). */
export interface JoinedItemColumns {
  item_id: string | null;
  item_url: string | null;
  item_title: string | null;
  item_platform: string | null;
  item_kind: string | null;
  item_state: string | null;
  item_container: string | null;
  item_updated_at: Date | null;
}

/** The summary of a joined item, or null when the join found none. */
export function joinedSummary(row: JoinedItemColumns): ItemSummary | null {
  if (row.item_id === null || row.item_title === null || row.item_platform === null || row.item_kind === null) return null;
  return toItemSummary({
    id: row.item_id,
    url: row.item_url,
    title: row.item_title,
    platform: row.item_platform,
    kind: row.item_kind,
    state: row.item_state,
    container: row.item_container,
    updated_at: row.item_updated_at,
  });
}
