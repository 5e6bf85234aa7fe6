import type { ModulePlatform } from '@pipe/platforms';

/** Which half of the history a delivery belongs to (README.md: week 1 tunes, week 2 is held out). */
export type Split = 'tuning' | 'held-out';

/** Week 2 starts here: everything before is the tuning set. */
const HELD_OUT_FROM = Date.parse('2026-11-15T00:00:00Z');

/** The split of a story time. */
export const splitOf = (at: string): Split => (Date.parse(at) < HELD_OUT_FROM ? 'tuning' : 'held-out');

/**
 * One delivery of the history, as data: the platform's payload (a real fixture with its content
 * values changed) and what identifies it. Signing and the URL are per team (see `send.ts`).
 */
export interface HistoryDelivery {
  platform: ModulePlatform;
  /** When it happens in the story (ISO); deliveries are sent in this order. */
  at: string;
  /** What happens, for the reader and for failures. */
  note: string;
  /** The platform's delivery id where it sends one in a header (GitHub, Jira, Linear). */
  deliveryId: string;
  /** GitHub's `X-GitHub-Event`, Linear's `Linear-Event`. */
  event?: string;
  payload: unknown;
  /** Extra headers the sender adds (the Claude Code hook command's `X-Pipe-*`). */
  headers?: Record<string, string>;
}

/** The same delivery again, later: same id, same body (a platform's retry). */
export const redelivery = (delivery: HistoryDelivery, at: string): HistoryDelivery => ({
  ...delivery,
  at,
  note: `redelivery: ${delivery.note}`,
});

/** Replaces every occurrence of each `from` string in a JSON value (a fixture's names and URLs). */
export function renamed<T>(value: T, replacements: readonly [from: string, to: string][]): T {
  let json = JSON.stringify(value);
  for (const [from, to] of replacements) json = json.replaceAll(from, to);
  return JSON.parse(json) as T;
}

/** The marker every deleted, secret-carrying message holds; none of it may remain anywhere. */
export const DELETED_MARKER = 'HISTORYMARKER-7f3k';
