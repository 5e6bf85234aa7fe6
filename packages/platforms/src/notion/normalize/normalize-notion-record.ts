import type { IdentityRef, ItemSnapshot } from '@pipe/events';
import { z } from 'zod';
import { type IngestDelivery, type NormalizeResult, type ObservedIdentity, factsToEvents, parsePayload } from '../../kit/index.js';
import { REMOVED_RESOURCE, normalizeRemovedRecord } from '../../kit/synced-removal.js';
import { notionCommentId, notionDatabaseId, notionPageId, notionParentId } from '../ids.js';
import { notionUrl } from '../links.js';
import { blocksText, pageTitle, richText } from '../page-content.js';

const Parent = z.looseObject({
  type: z.string(),
  page_id: z.string().optional(),
  database_id: z.string().optional(),
  block_id: z.string().optional(),
});
const PageRecord = z.object({
  record: z.looseObject({
    id: z.string().min(1),
    url: z.string().nullish(),
    created_time: z.string().nullish(),
    last_edited_time: z.string(),
    properties: z.record(z.string(), z.unknown()).optional(),
    parent: Parent.nullish(),
  }),
  context: z.object({ blocks: z.array(z.unknown()), workspaceId: z.string().nullable() }),
});
const DatabaseRecord = z.object({
  record: z.looseObject({
    id: z.string().min(1),
    url: z.string().nullish(),
    title: z.array(z.unknown()).default([]),
    description: z.array(z.unknown()).default([]),
    created_time: z.string().nullish(),
    last_edited_time: z.string(),
    parent: Parent.nullish(),
  }),
  context: z.object({ workspaceId: z.string().nullable() }),
});
const CommentRecord = z.object({
  record: z.looseObject({
    id: z.string().min(1),
    parent: Parent,
    created_time: z.string(),
    last_edited_time: z.string(),
    created_by: z.looseObject({ id: z.string().min(1) }).nullish(),
    rich_text: z.array(z.unknown()),
  }),
  context: z.object({
    page: z.object({ id: z.string().min(1), properties: z.record(z.string(), z.unknown()).optional() }),
    workspaceId: z.string().nullable(),
  }),
});

/** The API names a parent `{ type: 'page_id', page_id }`; webhooks `{ type: 'page', id }`. */
function parentItem(parent: z.infer<typeof Parent> | null | undefined): string | null {
  if (parent?.page_id) return notionParentId({ type: 'page', id: parent.page_id });
  if (parent?.database_id) return notionParentId({ type: 'database', id: parent.database_id });
  return null;
}

/**
 * A `PIPE_RAW` record a Notion backfill wrote, as the item its webhook names with the content the
 * API gives: a page (a `search` or data-source result with its blocks) with its title and text — what
 * the content fetch after a `page.*` webhook stores; a database with its title and description; a
 * page's comment with its text. Each is versioned by `last_edited_time` and held where its webhook
 * holds it (a page in a database by the database, the rest by the workspace); no activities.
 */
export function normalizeNotionRecord(delivery: IngestDelivery, resource: string): NormalizeResult {
  if (resource === REMOVED_RESOURCE) return normalizeRemovedRecord(delivery, 'notion');
  const what = `the notion ${resource} record of ${delivery.deliveryId}`;
  if (resource === 'page') {
    const { record, context } = parsePayload(PageRecord, delivery.payload, what);
    return observed(delivery, {
      id: notionPageId(record.id),
      platform: 'notion',
      kind: 'page',
      title: pageTitle(record),
      body: blocksText(context.blocks),
      url: record.url ?? notionUrl(record.id),
      state: null,
      // As `notionContainerKey` holds a page: its database when it is a row of one, else the workspace.
      container: record.parent?.database_id ?? context.workspaceId,
      parentId: parentItem(record.parent),
      author: null,
      createdAt: record.created_time ? new Date(record.created_time).toISOString() : null,
      updatedAt: new Date(record.last_edited_time).toISOString(),
      version: Date.parse(record.last_edited_time),
    });
  }
  if (resource === 'database') {
    const { record, context } = parsePayload(DatabaseRecord, delivery.payload, what);
    return observed(delivery, {
      id: notionDatabaseId(record.id),
      platform: 'notion',
      kind: 'database',
      title: richText(record.title),
      body: richText(record.description),
      url: record.url ?? notionUrl(record.id),
      state: null,
      container: context.workspaceId,
      parentId: parentItem(record.parent),
      author: null,
      createdAt: record.created_time ? new Date(record.created_time).toISOString() : null,
      updatedAt: new Date(record.last_edited_time).toISOString(),
      version: Date.parse(record.last_edited_time),
    });
  }
  if (resource === 'comment') {
    const { record, context } = parsePayload(CommentRecord, delivery.payload, what);
    const author: IdentityRef | null = record.created_by ? { platform: 'notion', externalId: record.created_by.id, handle: null } : null;
    const page = pageTitle(context.page);
    return observed(
      delivery,
      {
        id: notionCommentId(record.id),
        platform: 'notion',
        kind: 'comment',
        title: page ? `Comment on ${page}` : 'Comment on a Notion page',
        titleComposed: true,
        body: richText(record.rich_text),
        url: null,
        state: null,
        container: context.workspaceId,
        parentId: notionPageId(record.parent.page_id ?? context.page.id),
        author,
        createdAt: new Date(record.created_time).toISOString(),
        updatedAt: new Date(record.last_edited_time).toISOString(),
        version: Date.parse(record.last_edited_time),
      },
      author ? [{ identity: author, name: null, email: null, url: null }] : [],
    );
  }
  return { outcome: 'skipped', event: resource, action: null, reason: `notion API resource '${resource}' is not normalised` };
}

function observed(delivery: IngestDelivery, snapshot: ItemSnapshot, identities: ObservedIdentity[] = []): NormalizeResult {
  return {
    outcome: 'events',
    events: factsToEvents(delivery, {
      occurredAt: snapshot.updatedAt as string,
      identities,
      items: [{ type: 'item.observed', data: { item: snapshot } }],
      activities: [],
    }),
  };
}
