import { findPlatformModule } from '@pipe/platforms';
import type { ChangeFacts } from './change-facts.js';

/** One item in a message: its latest facts and everything that changed in it since the last message. */
export interface ItemNotice {
  itemId: string;
  title: string;
  platform: string;
  kind: string;
  url: string | null;
  state: string | null;
  container: string | null;
  /** Everyone who changed it, in order, without repeats. */
  who: string[];
  /** What changed, oldest first, without repeats. */
  changes: string[];
  /** How many changes this entry merges. */
  count: number;
  at: string;
}

/**
 * What one outgoing message says: one item (its changes merged) or, when a burst is above the
 * destination's limits, a digest of several items.
 */
export interface Notification {
  /** Unique per message; the generic webhook sends it as `Pipe-Delivery`. */
  id: string;
  team: string;
  digest: boolean;
  items: ItemNotice[];
  /** Changes the message covers (a digest may list fewer items than it covers). */
  total: number;
}

/** How many items a digest lists by name before `…and N more`. */
export const DIGEST_LISTED = 10;

/** `GitHub`, `Jira`, …: how people write the platform's name (its module's title; Pipe's own events are `Pipe`). */
export const platformName = (platform: string): string =>
  platform === 'pipe' ? 'Pipe' : (findPlatformModule(platform)?.title ?? platform);

/** `pull request`, `issue`, …: an item kind as words. */
export const kindName = (kind: string): string => kind.replace(/_/g, ' ');

/** Merges the changes of one item (oldest first) into one entry. */
export function mergeItem(changes: readonly ChangeFacts[]): ItemNotice {
  const last = changes[changes.length - 1];
  if (last === undefined) throw new Error('mergeItem needs at least one change');
  const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null && v !== ''))];
  return {
    itemId: last.itemId,
    title: last.title,
    platform: last.platform,
    kind: last.kind,
    url: last.url,
    state: last.state,
    container: last.container,
    who: unique(changes.map((c) => c.who)),
    changes: unique(changes.map((c) => c.what)),
    count: changes.length,
    at: last.at,
  };
}

/** A message about one item or, with several, a digest. */
export function notificationOf(id: string, team: string, items: ItemNotice[], forceDigest = false): Notification {
  return { id, team, digest: forceDigest || items.length > 1, items, total: items.reduce((n, item) => n + item.count, 0) };
}

/** The one item of a message that is not a digest. */
export function onlyItem(notification: Notification): ItemNotice {
  const item = notification.items[0];
  if (item === undefined) throw new Error(`notification ${notification.id} has no item`);
  return item;
}

/** A line of plain text for the item: `[GitHub pull request] Fix login (closed) — by alice: merged`. */
export function plainSummary(item: ItemNotice): string {
  const who = item.who.length > 0 ? ` by ${item.who.join(', ')}` : '';
  return `${platformName(item.platform)} ${kindName(item.kind)} “${item.title}”${who}: ${item.changes.join('; ')}`;
}
