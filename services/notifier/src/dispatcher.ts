import { randomUUID } from 'node:crypto';
import type { Database } from '@pipe/db';
import {
  type ItemNotice,
  type NotifyRule,
  RATE_LIMITS,
  type Sender,
  destinationKey,
  mergeItem,
  notificationOf,
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
import type { OpenedRules } from './opened-rules.js';
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
  rules: OpenedRules;
  sender: Sender;
  logger: DispatchLogger;
  maxAttempts: number;
  retryBaseMs: number;
  mergeWindowMs: number;
  breakerResetMs: number;
  /** Called once per message settled (for metrics): its outcome and how many changes it carried. */
  onSettled?(outcome: 'delivered' | 'retry' | 'dead' | 'paused', changes: number): void;
}

/** How often Postgres is asked for due deliveries this instance was not handed (another replica's, retries coming due). */
const IDLE_POLL_MS = 1000;
/** Most deliveries read per poll. */
const ROUND_LIMIT = 2000;
/** Most items in one request to a destination without a rate limit. */
const WEBHOOK_ITEMS = 100;
/** How often old delivered records are pruned. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** What to send to one destination now, and when to look again for what has to wait. */
interface Plan {
  /** Each message: one group of deliveries per item (one group, or a digest of several). */
  messages: DueDelivery[][][];
  wakeAt: number;
}

/**
 * Sends what the intake queued. It knows the due deliveries the intake of this instance hands it
 * ({@link offer}) and asks Postgres every second for the others (another instance's intake,
 * retries coming due, what was queued before a restart). Per destination it groups them by item
 * (changes of one item merge into one message) and sends as many separate messages as the rate
 * limit allows right now — the rest of a burst becomes one digest; a webhook (no limit) gets what
 * queued up behind its request in flight in one request listing every item. One request at a time per
 * destination, so its messages keep their order; destinations are served concurrently. A
 * message's deliveries are claimed (committed as `sending`) before the request leaves and settled
 * after: delivered (in the same statement as the claim of the destination's next message, when
 * there is one), retried later (backoff with jitter, `Retry-After` honoured, an open breaker
 * waited out), paused (404/410) or dead-lettered with the reason.
 */
export class Dispatcher {
  readonly #deps: DispatcherDeps;
  readonly #breakers: DestinationBreakers;
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #blockedUntil = new Map<string, number>();
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Settles of delivered messages still committing (awaited when the dispatcher stops). */
  readonly #settling = new Set<Promise<void>>();
  /** Pending deliveries known to be due, by id: handed over by the intake or read by a poll. */
  readonly #known = new Map<string, DueDelivery>();
  /** Destinations reserved for a change the intake is committing, by the message id it was given. */
  readonly #reserved = new Map<string, { key: string; rule: NotifyRule; done: () => void }>();
  /** When a message about (rule, item) last went out: later changes within the merge window wait and merge. */
  readonly #lastSent = new Map<string, number>();
  #wake: (() => void) | undefined;
  #woken = false;
  #prunedAt = 0;
  /** When Postgres is next asked for due deliveries. */
  #pollAt = 0;
  #running = false;

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

  /**
   * Deliveries the intake just committed, due now: sent without being looked up again. Only the
   * instance holding the dispatch lock sends; until this one does, its offers are dropped and the
   * holder's poll finds those rows.
   */
  offer(deliveries: DueDelivery[]): void {
    if (deliveries.length === 0 || !this.#running) return;
    for (const delivery of deliveries) this.#known.set(delivery.id, delivery);
    this.wake();
  }

  /**
   * Reserves the destination of `rule` for one change of `itemId` that the intake is about to
   * record, so that its record can be committed already claimed (`sending`, with the message id
   * returned) and the request leave right after the intake's commit — no second commit on the way.
   * Only when the change could be sent alone right now: this instance sends, nothing is in flight
   * to the destination or waiting for it (its order is kept), it is not blocked, the item is not
   * within its merge window and the rate limit has room. Null otherwise: the change is queued as
   * usual. The intake then calls {@link sendReserved} or {@link release}.
   */
  reserve(rule: NotifyRule, itemId: string): string | null {
    if (!this.#running) return null;
    const now = Date.now();
    const key = destinationKey(rule.destination);
    if (this.#inFlight.has(key) || (this.#blockedUntil.get(key) ?? 0) > now) return null;
    for (const delivery of this.#known.values()) if (destinationKey(delivery.rule.destination) === key) return null;
    const last = this.#lastSent.get(`${rule.id}:${itemId}`);
    if (last !== undefined && now < last + this.#deps.mergeWindowMs) return null;
    const bucket = this.#bucket(rule, now);
    if (bucket && bucket.available(now) < 1) return null;
    const messageId = randomUUID();
    let done: () => void = () => undefined;
    this.#inFlight.set(key, new Promise<void>((resolve) => (done = resolve)));
    this.#reserved.set(messageId, { key, rule, done });
    return messageId;
  }

  /** The intake committed the reserved change as `sending` under `messageId`: send it now. */
  sendReserved(messageId: string, delivery: DueDelivery): void {
    const reservation = this.#reserved.get(messageId);
    if (!reservation) return;
    this.#reserved.delete(messageId);
    const { rule, key, done } = reservation;
    void this.#drive(rule, key, [[[delivery]]], messageId).finally(() => {
      this.#inFlight.delete(key);
      done();
      this.wake();
    });
  }

  /** The reserved change was not recorded (already there, its rule paused, or the commit failed): free the destination. */
  release(messageId: string): void {
    const reservation = this.#reserved.get(messageId);
    if (!reservation) return;
    this.#reserved.delete(messageId);
    this.#inFlight.delete(reservation.key);
    reservation.done();
    this.wake();
  }

  /** Runs until `stopping` aborts, then waits for the requests in flight and settles them. */
  async run(stopping: AbortSignal): Promise<void> {
    const interrupted = await settleInterrupted(this.#deps.db);
    if (interrupted > 0) this.#deps.logger.warn({ deliveries: interrupted }, 'dead-lettered deliveries a stopped notifier was sending');
    const onAbort = () => this.#wake?.();
    stopping.addEventListener('abort', onAbort, { once: true });
    this.#running = true;
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
      this.#running = false;
      this.#known.clear();
      stopping.removeEventListener('abort', onAbort);
      await Promise.all(this.#inFlight.values());
      await Promise.all(this.#settling);
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
    if (now >= this.#pollAt) await this.#poll(now);
    let wakeAt = Math.min(now + IDLE_POLL_MS, this.#pollAt);
    const byRule = new Map<string, NotifyRule>();
    for (const delivery of this.#known.values()) byRule.set(delivery.rule.id, delivery.rule);
    for (const rule of byRule.values()) {
      const key = destinationKey(rule.destination);
      if (this.#inFlight.has(key)) continue; // its end wakes the loop
      const plan = this.#plan(rule, key, now);
      wakeAt = Math.min(wakeAt, plan.wakeAt);
      if (plan.messages.length === 0) continue;
      const sending = this.#drive(rule, key, plan.messages).finally(() => {
        this.#inFlight.delete(key);
        this.wake();
      });
      this.#inFlight.set(key, sending);
    }
    return wakeAt;
  }

  /** Reads the due deliveries from Postgres (what no offer brought) and when to ask again. */
  async #poll(now: number): Promise<void> {
    const due = await dueDeliveries(this.#deps.db, this.#deps.rules, ROUND_LIMIT);
    for (const delivery of due) if (!this.#known.has(delivery.id)) this.#known.set(delivery.id, delivery);
    this.#pollAt = due.length === ROUND_LIMIT ? now : now + IDLE_POLL_MS;
    if (due.length === 0) {
      const next = await nextDueAt(this.#deps.db);
      if (next) this.#pollAt = Math.min(this.#pollAt, next.getTime());
    }
  }

  /** What the destination of `rule` may be sent now: nothing while it is blocked or within a merge window. */
  #plan(rule: NotifyRule, key: string, now: number): Plan {
    let wakeAt = Number.POSITIVE_INFINITY;
    const blocked = this.#blockedUntil.get(key) ?? 0;
    if (blocked > now) return { messages: [], wakeAt: blocked };
    const deliveries = [...this.#known.values()].filter((d) => d.rule.id === rule.id).sort((a, b) => Number(a.id) - Number(b.id));
    const byItem = new Map<string, DueDelivery[]>();
    for (const delivery of deliveries) byItem.set(delivery.itemId, [...(byItem.get(delivery.itemId) ?? []), delivery]);
    const ready: DueDelivery[][] = [];
    for (const [itemId, items] of byItem) {
      const last = this.#lastSent.get(`${rule.id}:${itemId}`);
      if (last !== undefined && now < last + this.#deps.mergeWindowMs) wakeAt = Math.min(wakeAt, last + this.#deps.mergeWindowMs);
      else ready.push(items);
    }
    if (ready.length === 0) return { messages: [], wakeAt };
    const bucket = this.#bucket(rule, now);
    if (!bucket) {
      // No rate limit (a webhook, read by a program): what queued up behind the request in flight
      // goes in the next one, every item listed, instead of one request — and one commit — each.
      const messages: DueDelivery[][][] = [];
      for (let i = 0; i < ready.length; i += WEBHOOK_ITEMS) messages.push(ready.slice(i, i + WEBHOOK_ITEMS));
      return { messages, wakeAt };
    }
    const tokens = bucket.available(now);
    if (tokens < 1) return { messages: [], wakeAt: Math.min(wakeAt, bucket.nextAt(now)) };
    // Within the limit: one message per item. Above it: the whole burst as one digest.
    return { messages: ready.length <= tokens ? ready.map((items) => [items]) : [ready], wakeAt };
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

  /**
   * One destination's chain: its planned messages one after the other, then whatever became
   * sendable meanwhile (the intake keeps handing changes over), until nothing more may go now.
   * The last message delivered is settled with the next one's claim, or after the chain ends.
   */
  async #drive(rule: NotifyRule, key: string, first: DueDelivery[][][], claimedAs?: string): Promise<void> {
    const chain = { delivered: [] as string[] };
    try {
      for (let messages = first; messages.length > 0; messages = this.#plan(rule, key, Date.now()).messages) {
        for (const groups of messages) {
          const outcome = await this.#sendOne(rule, key, groups, chain, claimedAs);
          claimedAs = undefined;
          if (outcome === 'stop') return;
        }
      }
    } catch (error) {
      this.#deps.logger.warn({ rule: rule.id, err: error }, 'a notification could not be settled; it is retried');
    } finally {
      // The destination is free once its last request was answered: the next change may be
      // claimed (and sent) while this settle commits, instead of waiting a commit for it. A crash
      // before the settle commits leaves the message `sending`, dead-lettered as "may have arrived".
      if (chain.delivered.length > 0) {
        const settling = markDelivered(this.#deps.db, chain.delivered)
          .catch((error: unknown) =>
            this.#deps.logger.warn({ rule: rule.id, err: error }, 'delivered notifications could not be recorded as delivered'),
          )
          .finally(() => this.#settling.delete(settling));
        this.#settling.add(settling);
      }
    }
  }

  /**
   * Sends one message (one item, or a digest of several); 'stop' when the destination should not
   * get more now. `chain.delivered` holds the destination's previous message, delivered and not yet
   * settled: its claim settles it; a message delivered here takes its place. `claimedAs`: the
   * message's deliveries were committed as `sending` under this id already (by the intake).
   */
  async #sendOne(
    rule: NotifyRule,
    key: string,
    groups: DueDelivery[][],
    chain: { delivered: string[] },
    claimedAs?: string,
  ): Promise<'next' | 'stop'> {
    const { db, maxAttempts, retryBaseMs } = this.#deps;
    const messageId = claimedAs ?? randomUUID();
    const planned = groups.flat();
    const claimed = new Set(
      claimedAs !== undefined
        ? planned.map((d) => d.id)
        : await claim(
            db,
            planned.map((d) => d.id),
            messageId,
            chain.delivered,
          ),
    );
    if (claimedAs === undefined) chain.delivered = [];
    // Claimed or not, none of these is pending here any more (what was not claimed was settled elsewhere).
    for (const delivery of planned) this.#known.delete(delivery.id);
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
    const attempts = Math.max(...planned.filter((d) => claimed.has(d.id)).map((d) => d.attempts)) + 1;
    switch (result.kind) {
      case 'sent': {
        chain.delivered = ids;
        const at = Date.now();
        for (const item of items) this.#lastSent.set(`${rule.id}:${item.itemId}`, at);
        this.#deps.onSettled?.('delivered', ids.length);
        return 'next';
      }
      case 'open':
        await reschedule(db, ids, new Date(result.retryAt), result.reason, false);
        this.#blockedUntil.set(key, result.retryAt);
        this.#pollAt = Math.min(this.#pollAt, result.retryAt);
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
        this.#pollAt = Math.min(this.#pollAt, Date.now() + delay);
        if (result.retryAfterMs !== undefined) this.#blockedUntil.set(key, Date.now() + result.retryAfterMs);
        this.#deps.onSettled?.('retry', ids.length);
        return 'stop';
      }
      case 'gone':
        await pauseRule(db, rule.id, result.reason);
        await markDead(db, ids, `the rule is paused: ${result.reason}`);
        // Its other pending deliveries stay queued in Postgres; `pipe notify resume` lets them go.
        for (const delivery of this.#known.values()) if (delivery.rule.id === rule.id) this.#known.delete(delivery.id);
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
