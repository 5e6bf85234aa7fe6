import type { Delivery } from '@pipe/bus';
import { type IdentityRef, type ItemSnapshot, type PipeEvent } from '@pipe/events';
import { itemRef } from '@pipe/platforms';
import type { ActivityRow } from './write/insert-activities.js';
import { type IdentityRow, identityKey, refOfIdentity } from './write/identities.js';
import type { SourceLinkRow } from './write/apply-source-links.js';
import type { SourceStatsRow } from './write/source-stats.js';
import type { ItemRow } from './write/upsert-items.js';

/** A hand-made change to who is who, applied in log order after the batch's identities. */
export type PeopleOperation =
  | { kind: 'link'; team: string; identities: [IdentityRef, IdentityRef] }
  | { kind: 'unlink'; team: string; identity: IdentityRef };

/** Everything one batch writes, collapsed so each key appears once (the newest wins). */
export interface BatchPlan {
  items: ItemRow[];
  /** The snapshot behind each non-removed item row, by `team\0id`, to derive its edges. */
  snapshots: Map<string, ItemSnapshot>;
  links: SourceLinkRow[];
  activities: ActivityRow[];
  identities: IdentityRow[];
  emails: { team: string; email: string }[];
  people: PeopleOperation[];
  stats: SourceStatsRow[];
}

/** `team\0id`: the key of an item within the batch. */
export const itemKey = (team: string, id: string): string => `${team}\u0000${id}`;

/**
 * Turns a batch of events (in stream order) into rows. Several snapshots of one item collapse to
 * the newest by (version, removal, event id) — the same order the database applies — so the batch
 * writes each row once and its result does not depend on how events were batched.
 */
export function planBatch(batch: readonly Delivery<PipeEvent>[]): BatchPlan {
  const items = new Map<string, ItemRow>();
  const snapshots = new Map<string, ItemSnapshot>();
  const links = new Map<string, SourceLinkRow>();
  const activities = new Map<string, ActivityRow>();
  const identities = new Map<string, IdentityRow>();
  const emails = new Map<string, { team: string; email: string }>();
  const people: PeopleOperation[] = [];
  const stats = new Map<string, SourceStatsRow>();

  for (const { value: event, seq } of batch) {
    countSource(stats, event, seq);
    switch (event.type) {
      case 'item.observed': {
        const row = snapshotRow(event.team, event.data.item, event.id, seq);
        if (keepNewer(items, row)) snapshots.set(itemKey(row.team, row.id), event.data.item);
        break;
      }
      case 'item.removed': {
        const { itemId, platform, kind, version } = event.data;
        const row = tombstoneRow(event.team, itemId, platform, kind, version, event.id, seq, event.occurredAt);
        if (keepNewer(items, row)) snapshots.delete(itemKey(row.team, row.id));
        break;
      }
      case 'link.observed': {
        const { from, to, edge, removed } = event.data;
        const row: SourceLinkRow = { team: event.team, from_id: from, to_ref: itemRef(to), type: edge, removed, event_id: event.id, rule: `${event.source.platform}-link` };
        const key = `${row.team}\u0000${row.from_id}\u0000${row.type}\u0000${row.to_ref}`;
        const held = links.get(key);
        if (!held || held.event_id < row.event_id) links.set(key, row);
        break;
      }
      case 'activity.observed': {
        const { activityId, itemId, verb, actor, summary } = event.data;
        const key = `${event.team}\u0000${activityId}`;
        if (!activities.has(key)) {
          activities.set(key, {
            team: event.team,
            id: activityId,
            item_id: itemId,
            verb,
            actor_handle: actor?.handle ?? null,
            actor_external_id: actor?.externalId ?? null,
            actor_platform: actor?.platform ?? null,
            summary,
            occurred_at: event.occurredAt,
            event_id: event.id,
          });
        }
        break;
      }
      case 'identity.observed': {
        const { identity, name, email, url } = event.data;
        const key = `${event.team}\u0000${identity.platform}\u0000${identity.externalId}`;
        const held = identities.get(key);
        if (!held || held.event_id < event.id) {
          identities.set(key, {
            team: event.team,
            platform: identity.platform,
            external_id: identity.externalId,
            handle: identity.handle,
            name,
            email,
            url,
            event_id: event.id,
            ref: refOfIdentity(identity),
            person_id: identityKey(identity.platform, identity.externalId),
          });
        }
        if (email) emails.set(`${event.team}\u0000${email.toLowerCase()}`, { team: event.team, email });
        break;
      }
      case 'person.linked':
        people.push({ kind: 'link', team: event.team, identities: event.data.identities });
        break;
      case 'person.unlinked':
        people.push({ kind: 'unlink', team: event.team, identity: event.data.identity });
        break;
      case 'delivery.skipped':
        break;
    }
  }
  return {
    items: [...items.values()],
    snapshots,
    links: [...links.values()],
    activities: [...activities.values()],
    identities: [...identities.values()],
    emails: [...emails.values()],
    people,
    stats: [...stats.values()],
  };
}

/** Keeps `row` when it is newer than what the batch holds for its item; true when kept. */
function keepNewer(items: Map<string, ItemRow>, row: ItemRow): boolean {
  const key = itemKey(row.team, row.id);
  const held = items.get(key);
  if (held && !isNewer(row, held)) return false;
  items.set(key, row);
  return true;
}

/** The order the database applies too: version, then removal over observation, then event id. */
export function isNewer(a: ItemRow, b: ItemRow): boolean {
  if (a.version !== b.version) return a.version > b.version;
  const aRemoved = a.removed_at !== null;
  const bRemoved = b.removed_at !== null;
  if (aRemoved !== bRemoved) return aRemoved;
  return a.event_id > b.event_id;
}

function snapshotRow(team: string, item: ItemSnapshot, eventId: string, seq: number): ItemRow {
  return {
    team,
    id: item.id,
    ref: itemRef(item.id),
    platform: item.platform,
    kind: item.kind,
    title: item.title,
    body: item.body,
    url: item.url,
    state: item.state,
    container: item.container,
    parent_id: item.parentId,
    author_handle: item.author?.handle ?? null,
    author_external_id: item.author?.externalId ?? null,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    version: item.version,
    event_id: eventId,
    event_seq: seq,
    removed_at: null,
  };
}

/** A removed item keeps its identity but loses its text, so it leaves search. */
function tombstoneRow(team: string, id: string, platform: string, kind: string, version: number, eventId: string, seq: number, removedAt: string): ItemRow {
  return {
    team, id, ref: itemRef(id), platform, kind, title: '', body: '', url: null, state: 'removed', container: null, parent_id: null,
    author_handle: null, author_external_id: null, created_at: null, updated_at: null, version, event_id: eventId, event_seq: seq, removed_at: removedAt,
  };
}

function countSource(stats: Map<string, SourceStatsRow>, event: PipeEvent, seq: number): void {
  const key = `${event.team}\u0000${event.source.platform}`;
  const held = stats.get(key);
  if (!held) {
    stats.set(key, { team: event.team, platform: event.source.platform, last_event_seq: seq, last_received_at: event.source.receivedAt, last_occurred_at: event.occurredAt, events: 1 });
    return;
  }
  held.events += 1;
  held.last_event_seq = Math.max(held.last_event_seq, seq);
  if (event.source.receivedAt > held.last_received_at) held.last_received_at = event.source.receivedAt;
  if (event.occurredAt > held.last_occurred_at) held.last_occurred_at = event.occurredAt;
}
