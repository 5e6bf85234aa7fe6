import type { IdentityRef, ItemKind, ItemSnapshot } from '@pipe/events';
import {
  type DeliveryFacts,
  type ItemChange,
  type NormalizeResult,
  factsToEvents,
  parsePayload,
  skipDelivery,
  withContainer,
} from '../../kit/index.js';
import { notionContainerKey, notionContainerSighting } from './container.js';
import { notionCommentId, notionDatabaseId, notionPageId, notionParentId } from '../ids.js';
import { notionUrl } from '../links.js';
import type { NotionDelivery } from './notion-delivery.js';
import { NotionEvent } from './notion-schemas.js';

/** What each handled event type says: which item, and whether it now exists. */
const HANDLED: ReadonlyMap<string, { kind: ItemKind; removed: boolean }> = new Map([
  ['page.created', { kind: 'page', removed: false }],
  ['page.content_updated', { kind: 'page', removed: false }],
  ['page.properties_updated', { kind: 'page', removed: false }],
  ['page.moved', { kind: 'page', removed: false }],
  ['page.undeleted', { kind: 'page', removed: false }],
  ['page.deleted', { kind: 'page', removed: true }],
  ['database.created', { kind: 'database', removed: false }],
  ['database.content_updated', { kind: 'database', removed: false }],
  ['database.schema_updated', { kind: 'database', removed: false }],
  ['database.moved', { kind: 'database', removed: false }],
  ['database.undeleted', { kind: 'database', removed: false }],
  ['database.deleted', { kind: 'database', removed: true }],
  ['comment.created', { kind: 'comment', removed: false }],
  ['comment.updated', { kind: 'comment', removed: false }],
  ['comment.deleted', { kind: 'comment', removed: true }],
]);

/** The page ids whose content is worth fetching after this event (see `NotionContentFetcher`). */
export const FETCHES_PAGE = new Set(['page.created', 'page.content_updated', 'page.properties_updated', 'page.moved', 'page.undeleted']);

/**
 * Turns one verified Notion webhook event into canonical events. Pure. Notion events carry ids,
 * not content, so the item is observed with what the event says — its id, parent, workspace and
 * time — and an empty title and body; the content arrives as a newer snapshot when the team has
 * a Notion API token (`NotionContentFetcher`). Versions are the event's `timestamp` in ms, which
 * Notion documents as the field to order events by. Each event also observes what holds its
 * entity — the parent database, else the workspace — thinly (see `withContainer`), so the
 * `PART_OF` of the page lands on an item.
 */
export function normalizeNotionDelivery(delivery: NotionDelivery): NormalizeResult {
  const event = parsePayload(NotionEvent, delivery.payload, `the notion event of delivery ${delivery.deliveryId}`);
  const handled = HANDLED.get(event.type);
  const [family, action = null] = event.type.split('.');
  if (!handled) return skipDelivery(event.type, action, `notion '${event.type}' events are not normalised yet`);

  const version = Date.parse(event.timestamp);
  const id = itemIdOf(handled.kind, event.entity.id);
  const people = event.authors.filter((author) => author.type === 'person');
  const actor: IdentityRef | null = people[0] ? { platform: 'notion', externalId: people[0].id, handle: null } : null;
  const parentId = handled.kind === 'comment' && event.data.page_id ? notionPageId(event.data.page_id) : notionParentId(event.data.parent);
  const item: ItemChange = handled.removed
    ? { type: 'item.removed', data: { itemId: id, platform: 'notion', kind: handled.kind, version } }
    : { type: 'item.observed', data: { item: snapshot(id, handled.kind, event, parentId, actor, version) } };
  const facts: DeliveryFacts = {
    occurredAt: new Date(version).toISOString(),
    identities: people.map((person) => ({
      identity: { platform: 'notion', externalId: person.id, handle: null },
      name: null,
      email: null,
      url: null,
    })),
    items: [item],
    activities: [
      {
        itemId: handled.kind === 'comment' && action === 'created' && parentId ? parentId : id,
        verb: handled.kind === 'comment' && action === 'created' ? 'commented' : (action ?? event.type),
        actor,
        summary: `notion ${family} ${event.entity.id} ${(action ?? '').replaceAll('_', ' ')}`.trim(),
      },
    ],
  };
  return { outcome: 'events', events: factsToEvents(delivery, withContainer(facts, notionContainerSighting(event))) };
}

function itemIdOf(kind: ItemKind, entityId: string): string {
  if (kind === 'page') return notionPageId(entityId);
  if (kind === 'comment') return notionCommentId(entityId);
  return notionDatabaseId(entityId);
}

function snapshot(
  id: string,
  kind: ItemKind,
  event: NotionEvent,
  parentId: string | null,
  author: IdentityRef | null,
  version: number,
): ItemSnapshot {
  return {
    id,
    platform: 'notion',
    kind,
    // Unknown until fetched: the event carries no content.
    title: '',
    body: '',
    url: kind === 'comment' ? null : notionUrl(event.entity.id),
    state: null,
    container: notionContainerKey(event),
    parentId,
    author: event.type.endsWith('.created') ? author : null,
    createdAt: event.type.endsWith('.created') ? new Date(version).toISOString() : null,
    updatedAt: new Date(version).toISOString(),
    version,
  };
}
