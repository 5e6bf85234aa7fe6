import { itemUri } from '@pipe/events';
import { z } from 'zod';

/** How much of an item's body `get_item` returns; longer bodies are cut and flagged. */
export const BODY_LIMIT = 8000;

/** An item as lists show it: enough to pick one and fetch it with `get_item`. */
export const ItemSummary = z.object({
  id: z.string().describe('Pipe item id, e.g. github:issue:octo/demo#7; pass it to get_item'),
  uri: z.string().describe('pipe://items/... resource URI of the item'),
  url: z.string().nullable().describe('the item on its platform'),
  title: z.string(),
  platform: z.string(),
  kind: z.string(),
  state: z.string().nullable(),
  container: z.string().nullable().describe('where it lives: repository, channel, project, space'),
  updatedAt: z.string().nullable().describe('ISO 8601 time of the last change at the source'),
  snippet: z.string().optional().describe('the part of the body matching the search, matches in <b>…</b>'),
});
/** An item as lists show it. */
export type ItemSummary = z.infer<typeof ItemSummary>;

/** An item in full, as `get_item` returns it. */
export const ItemDetail = ItemSummary.omit({ snippet: true }).extend({
  body: z.string().describe(`the text of the item, at most ${BODY_LIMIT} characters`),
  bodyTruncated: z.boolean().describe(`true when the body was longer than ${BODY_LIMIT} characters and was cut`),
  author: z.string().nullable().describe('the author handle on the platform'),
  createdAt: z.string().nullable(),
  parentId: z.string().nullable().describe('the item this one belongs to (a comment’s issue, a reply’s thread)'),
  removed: z.boolean().describe('true when the item was deleted at the source'),
});
/** An item in full. */
export type ItemDetail = z.infer<typeof ItemDetail>;

/** A typed relation, with the item at its other end. */
export const Edge = z.object({
  type: z.string().describe('REFERENCES, MENTIONS, CLOSES, BLOCKS, …'),
  rule: z.string().describe('the rule or source link type that produced it'),
  origin: z.string().describe('text (derived from item text) or source (stated by the platform)'),
  snippet: z.string().nullable().describe('the text that produced it'),
  ref: z.string().describe('the other end: the reference an outgoing edge names, or the id of an incoming edge’s source'),
  item: ItemSummary.nullable().describe('the item at the other end, or null when Pipe has not seen it (yet) or it was removed'),
});
/** A typed relation, with the item at its other end. */
export type Edge = z.infer<typeof Edge>;

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
