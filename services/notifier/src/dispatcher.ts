import { randomUUID } from 'node:crypto';
import type { Database, SecretBox } from '@pipe/db';
import {
  type ItemNotice,
  type NotifyRule,
  RATE_LIMITS,
  type Sender,
  destinationKey,
  mergeItem,
  notificationOf,
  openRule,
  pauseRule,
  requestFor,
} from '@pipe/notify';
import type { Kysely } from 'kysely';
import { DestinationBreakers } from './destination-breakers.js';
import {
  type DueDelivery,
  claim,
  dueDeliveries,
  markDead,
  markDelivered,
  nextDueAt,
  pruneDelivered,
  reschedule,
  settleInterrupted,
} from './delivery-store.js';
import { retryDelayMs } from './retry-schedule.js';
import { TokenBucket } from './token-bucket.js';

/** The minimal logger the dispatcher needs. */
export interface DispatchLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** What the dispatcher needs. */
export interface DispatcherDeps {
  db: Kysely<Database>;
  box: SecretBox;
  sender: Sender;
  logger: DispatchLogger;
  maxAttempts: number;
  retryBaseMs: number;
  mergeWindowMs: number;
  breakerResetMs: number;
  /** Called once per message settled (for metrics): its outcome and how many changes it carried. */
  onSettled?(outcome: 'delivered' | 'retry' | 'dead' | 'paused', changes: number): void;
}

/** How long the loop sleeps when nothing is due (another replica's intake is found by this poll). */
const IDLE_POLL_MS = 1000;
/** Most deliveries read per round. */
const ROUND_LIMIT = 2000;
/** How often old delivered records are pruned. */
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Sends what the intake queued. Each round it reads the due deliveries, groups them by rule and
 * then by item (changes of one item merge into one message), and per destination sends as many
 * separate messages as its rate limit allows right now — the rest of a burst becomes one digest.
 * One request at a time per destination, so its messages keep their order. A message's
 * deliveries are claimed (committed as `sending`) before the request leaves and settled after:
 * delivered, retried later (backoff with jitter, `Retry-After` honoured, an open breaker waited
 * out), paused (404/410) or dead-lettered with the reason.
 */
export class Dispatcher {
  readonly #deps: DispatcherDeps;
  readonly #breakers: DestinationBreakers;
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #blockedUntil = new Map<string, number>();
  readonly #inFlight = new Map<string, Promise<void>>();
  /** When a message about (rule, item) last went out: later changes within the merge window wait and merge. */
  readonly #lastSent = new Map<string, number>();
  #wake: (() => void) | undefined;
  #woken = false;
  #prunedAt = 0;

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
    this.#breakers = new DestinationBreakers(deps.sender, {
      resetMs: deps.breakerResetMs,
      onOpen: (key) => deps.logger.warn({ destination: redact(key) }, 'circuit breaker opened: the destination keeps failing'),
      onClose: (key) => deps.logger.info({ destination: redact(key) }, 'circuit breaker closed: the destination answers again'),
    });
  }

  /** New deliveries were queued: look now rather than at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Runs until `stopping` aborts, then waits for the requests in flight and settles them. */
  async run(stopping: AbortSignal): Promise<void> {
    const interrupted = await settleInterrupted(this.#deps.db);
    if (interrupted > 0) this.#deps.logger.warn({ deliveries: interrupted }, 'dead-lettered deliveries a stopped notifier was sending');
    const onAbort = () => this.#wake?.();
    stopping.addEventListener('abort', onAbort, { once: true });
    try {
      while (!stopping.aborted) {
        this.#woken = false;
        // Postgres being away for a moment is no reason to stop: the next round tries again.
        const wakeAt = await this.#round().catch((error: unknown) => {
          this.#deps.logger.warn({ err: error }, 'a dispatch round failed; trying again shortly');
          return Date.now() + IDLE_POLL_MS;
        });
        if (this.#woken || stopping.aborted) continue;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          const timer = setTimeout(resolve, Math.max(1, Math.min(IDLE_POLL_MS, wakeAt - Date.now())));
          timer.unref?.();
        });
        this.#wake = undefined;
      }
    } finally {
      stopping.removeEventListener('abort', onAbort);
      await Promise.all(this.#inFlight.values());
      this.#breakers.shutdown();
    }
  }

  /** One round; returns when the next one is worth doing at the latest. */
  async #round(): Promise<number> {
    const now = Date.now();
    if (now - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      await pruneDelivered(this.#deps.db);
    }
    let wakeAt = now + IDLE_POLL_MS;
    const due = await dueDeliveries(this.#deps.db, ROUND_LIMIT);
    const byRule = new Map<string, { rule: DueDelivery['rule']; deliveries: DueDelivery[] }>();
    for (const delivery of due) {
      const group = byRule.get(delivery.rule.id) ?? { rule: delivery.rule, deliveries: [] };
      group.deliveries.push(delivery);
      byRule.set(delivery.rule.id, group);
    }
    for (const { rule: row, deliveries } of byRule.values()) {
      const rule = openRule(this.#deps.box, row);
      const key = destinationKey(rule.destination);
      if (this.#inFlight.has(key)) continue; // its end wakes the loop
      const blocked = this.#blockedUntil.get(key) ?? 0;
      if (blocked > now) {
        wakeAt = Math.min(wakeAt, blocked);
        continue;
      }
      const byItem = new Map<string, DueDelivery[]>();
      for (const delivery of deliveries) byItem.set(delivery.itemId, [...(byItem.get(delivery.itemId) ?? []), delivery]);
      const ready: DueDelivery[][] = [];
      for (const [itemId, items] of byItem) {
        const last = this.#lastSent.get(`${rule.id}:${itemId}`);
        if (last !== undefined && now < last + this.#deps.mergeWindowMs) wakeAt = Math.min(wakeAt, last + this.#deps.mergeWindowMs);
        else ready.push(items);
      }
      if (ready.length === 0) continue;
      const bucket = this.#bucket(rule, now);
      const tokens = bucket ? bucket.available(now) : Number.POSITIVE_INFINITY;
      if (tokens < 1) {
        wakeAt = Math.min(wakeAt, bucket?.nextAt(now) ?? now);
        continue;
      }
      // Within the limit: one message per item. Above it: the whole burst as one digest.
      const messages = ready.length <= tokens ? ready.map((items) => [items]) : [ready];
      const sending = this.#sendAll(rule, key, messages).finally(() => {
        this.#inFlight.delete(key);
        this.wake();
      });
      this.#inFlight.set(key, sending);
    }
    if (due.length === 0) {
      const next = await nextDueAt(this.#deps.db);
      if (next) wakeAt = Math.min(wakeAt, next.getTime());
    }
    return wakeAt;
  }

  #bucket(rule: NotifyRule, now: number): TokenBucket | null {
    const limit = RATE_LIMITS[rule.destination.kind];
    if (!limit) return null;
    const key = destinationKey(rule.destination);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit, now);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  async #sendAll(rule: NotifyRule, key: string, messages: DueDelivery[][][]): Promise<void> {
    for (const groups of messages) {
      const outcome = await this.#sendOne(rule, key, groups).catch((error: unknown) => {
        this.#deps.logger.warn({ rule: rule.id, err: error }, 'a notification could not be settled; it is retried');
        return 'stop' as const;
      });
      if (outcome === 'stop') return;
    }
  }

  /** Sends one message (one item, or a digest of several); 'stop' when the destination should not get more now. */
  async #sendOne(rule: NotifyRule, key: string, groups: DueDelivery[][]): Promise<'next' | 'stop'> {
    const { db, maxAttempts, retryBaseMs } = this.#deps;
    const messageId = randomUUID();
    const claimed = new Set(
      await claim(
        db,
        groups.flat().map((d) => d.id),
        messageId,
      ),
    );
    const items: ItemNotice[] = [];
    for (const group of groups) {
      const mine = group.filter((d) => claimed.has(d.id));
      if (mine.length > 0) items.push(mergeItem(mine.map((d) => d.facts)));
    }
    if (items.length === 0) return 'next';
    const ids = [...claimed];
    const notification = notificationOf(messageId, rule.team, items, groups.length > 1);
    const now = Date.now();
    this.#bucket(rule, now)?.take(now);
    const result = await this.#breakers.send(key, requestFor(rule.destination, notification));
    const attempts =
      Math.max(
        ...groups
          .flat()
          .filter((d) => claimed.has(d.id))
          .map((d) => d.attempts),
      ) + 1;
    switch (result.kind) {
      case 'sent': {
        await markDelivered(db, ids);
        const at = Date.now();
        for (const item of items) this.#lastSent.set(`${rule.id}:${item.itemId}`, at);
        this.#deps.onSettled?.('delivered', ids.length);
        return 'next';
      }
      case 'open':
        await reschedule(db, ids, new Date(result.retryAt), result.reason, false);
        this.#blockedUntil.set(key, result.retryAt);
        this.#deps.onSettled?.('retry', ids.length);
        return 'stop';
      case 'retry': {
        if (attempts >= maxAttempts) {
          await markDead(db, ids, `gave up after ${attempts} attempts: ${result.reason}`);
          this.#deps.onSettled?.('dead', ids.length);
          return 'next';
        }
        const delay = retryDelayMs(attempts, retryBaseMs, result.retryAfterMs);
        await reschedule(db, ids, new Date(Date.now() + delay), result.reason, true);
        if (result.retryAfterMs !== undefined) this.#blockedUntil.set(key, Date.now() + result.retryAfterMs);
        this.#deps.onSettled?.('retry', ids.length);
        return 'stop';
      }
      case 'gone':
        await pauseRule(db, rule.id, result.reason);
        await markDead(db, ids, `the rule is paused: ${result.reason}`);
        this.#deps.logger.warn({ rule: rule.id, team: rule.team, reason: result.reason }, 'paused a notification rule');
        this.#deps.onSettled?.('paused', ids.length);
        return 'stop';
      case 'failed':
        await markDead(db, ids, result.reason);
        this.#deps.onSettled?.('dead', ids.length);
        return 'next';
    }
  }
}

/** A destination key for logs: the kind and host only (webhook paths and bot tokens are secrets). */
function redact(key: string): string {
  const [kind, ...rest] = key.split(':');
  try {
    return `${kind} ${new URL(rest.join(':')).host}`;
  } catch {
    return kind ?? 'destination';
  }
}
