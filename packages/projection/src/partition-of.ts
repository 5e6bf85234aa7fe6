import type { PipeEvent } from '@pipe/events';

/**
 * Which of `partitions` writers owns the rows an event touches, so writers can work in parallel
 * without sharing a row: an item's snapshots (and so its derived edges) by item, activities by
 * their item too (a removal empties its item's activity summaries, which another writer's
 * concurrent insert would escape), stated links by their source item. People (identities and their merges) depend on
 * each other across items, so they all stay with writer 0.
 */
export function partitionOf(event: PipeEvent, partitions: number): number {
  if (partitions <= 1) return 0;
  switch (event.type) {
    case 'item.observed':
      return hash(event.team, event.data.item.id) % partitions;
    case 'item.removed':
      return hash(event.team, event.data.itemId) % partitions;
    case 'activity.observed':
      return hash(event.team, event.data.itemId) % partitions;
    case 'link.observed':
      return hash(event.team, event.data.from) % partitions;
    default:
      return 0;
  }
}

/** FNV-1a over team and key: stable across runs and processes. */
function hash(team: string, key: string): number {
  let h = 0x811c9dc5;
  const text = `${team}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
