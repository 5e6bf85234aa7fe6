import type { ItemSnapshot } from '@pipe/events';
import { z } from 'zod';
import { type IngestDelivery, type NormalizeResult, factsToEvents, parsePayload } from '../../kit/index.js';
import { REMOVED_RESOURCE, normalizeRemovedRecord } from '../../kit/synced-removal.js';
import { notionPageId, notionParentId } from '../ids.js';
import { notionUrl } from '../links.js';
import { blocksText, pageTitle } from '../page-content.js';

const PageRecord = z.object({
  record: z.looseObject({
    id: z.string().min(1),
    url: z.string().nullish(),
    created_time: z.string().nullish(),
    last_edited_time: z.string(),
    properties: z.record(z.string(), z.unknown()).optional(),
    parent: z.looseObject({ type: z.string(), page_id: z.string().optional(), database_id: z.string().optional() }).nullish(),
  }),
  context: z.object({ blocks: z.array(z.unknown()), workspaceId: z.string().nullable() }),
});

/**
 * A `PIPE_RAW` record a Notion backfill wrote (a `search` result and its blocks), as the page with
 * its title and text — what the content fetch after a `page.*` webhook stores — versioned by
 * `last_edited_time`; no activities.
 */
export function normalizeNotionRecord(delivery: IngestDelivery, resource: string): NormalizeResult {
  if (resource === REMOVED_RESOURCE) return normalizeRemovedRecord(delivery, 'notion');
  if (resource !== 'page')
    return { outcome: 'skipped', event: resource, action: null, reason: `notion API resource '${resource}' is not normalised` };
  const { record, context } = parsePayload(PageRecord, delivery.payload, `the notion page record of ${delivery.deliveryId}`);
  const snapshot: ItemSnapshot = {
    id: notionPageId(record.id),
    platform: 'notion',
    kind: 'page',
    title: pageTitle(record),
    body: blocksText(context.blocks),
    url: record.url ?? notionUrl(record.id),
    state: null,
    container: context.workspaceId,
    // The API names a parent `{ type: 'page_id', page_id }`; webhooks `{ type: 'page', id }`.
    parentId: notionParentId(
      record.parent?.page_id
        ? { type: 'page', id: record.parent.page_id }
        : record.parent?.database_id
          ? { type: 'database', id: record.parent.database_id }
          : null,
    ),
    author: null,
    createdAt: record.created_time ? new Date(record.created_time).toISOString() : null,
    updatedAt: new Date(record.last_edited_time).toISOString(),
    version: Date.parse(record.last_edited_time),
  };
  return {
    outcome: 'events',
    events: factsToEvents(delivery, {
      occurredAt: snapshot.updatedAt as string,
      identities: [],
      items: [{ type: 'item.observed', data: { item: snapshot } }],
      activities: [],
    }),
  };
}
