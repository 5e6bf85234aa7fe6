import { type ItemSnapshot, PipeEvent } from '@pipe/events';
import type { ItemLink } from '../item-links.js';
import { itemRef } from '../item-refs.js';
import type { IngestDelivery } from '../kit/index.js';
import type { ModulePlatform } from '../platform-module.js';
import { platformModule } from '../registry.js';

/**
 * The item snapshots a platform module's own normaliser makes of a payload, each validated as the
 * log stores it: the ids and URLs tests hold links and rules to are the ones Pipe really builds.
 */
export function normalizedSnapshots(platform: ModulePlatform, payload: unknown, headers: Record<string, string> = {}): ItemSnapshot[] {
  const delivery: IngestDelivery = {
    team: 'acme',
    platform,
    deliveryId: 'd-1',
    receivedAt: '2026-11-20T12:00:00.000Z',
    headers,
    rawBody: Buffer.from(JSON.stringify(payload)),
    payload,
  };
  const result = platformModule(platform).ingest.normalize(delivery);
  if (result.outcome !== 'events') throw new Error(`expected events from ${platform}, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event)).flatMap((event) => (event.type === 'item.observed' ? [event.data.item] : []));
}

/** The one snapshot of `kind` among `snapshots`; throws naming what there is otherwise. */
export function snapshotOfKind(snapshots: readonly ItemSnapshot[], kind: string): ItemSnapshot {
  const found = snapshots.filter((item) => item.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} among ${snapshots.map((item) => item.id).join(', ')}`);
  return found[0] as ItemSnapshot;
}

/** True when SQL `LIKE pattern` (backslash escapes) matches `text`. */
export function likeMatches(pattern: string, text: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string);
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`).test(text);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Whether a lookup by `link` finds `item` among stored items, as the gateway looks (its exact ids,
 * references, id patterns, or patterns among its parent's children); the `url` column is left out,
 * so this says what the link itself names.
 */
export function linkFinds(link: ItemLink | null, item: Pick<ItemSnapshot, 'id' | 'parentId'>): boolean {
  if (!link) return false;
  return (
    link.ids.includes(item.id) ||
    link.refs.includes(itemRef(item.id)) ||
    link.idPatterns.some((pattern) => likeMatches(pattern, item.id)) ||
    (link.childPatterns ?? []).some((child) => child.parentId === item.parentId && likeMatches(child.idPattern, item.id))
  );
}
