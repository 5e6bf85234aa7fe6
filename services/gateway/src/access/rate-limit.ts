/** The answer of {@link RateLimiter.take}. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Options of a {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Sustained requests per minute per key; 0 turns limiting off. */
  perMinute: number;
  /** Requests a key may make at once above the sustained rate. */
  burst: number;
  /** The clock (ms), injectable so tests need no waiting. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-key token buckets: each key holds up to `burst` tokens, refilled at `perMinute / 60` per
 * second; a request takes one, and a key with none is told how many seconds until it has one
 * (the `Retry-After` of its 429). The buckets live in this process, so behind a load balancer each
 * replica enforces the limit on what it sees (a key's total is at most replicas × limit).
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  readonly #enabled: boolean;

  constructor(options: RateLimitOptions) {
    this.#enabled = options.perMinute > 0;
    this.#perMs = options.perMinute / 60_000;
    this.#capacity = Math.max(1, options.burst);
    this.#now = options.now ?? Date.now;
  }

  /** Takes one request's token from the key's bucket. */
  take(keyId: string): RateDecision {
    if (!this.#enabled) return { ok: true };
    const now = this.#now();
    const bucket = this.#buckets.get(keyId) ?? { tokens: this.#capacity, at: now };
    bucket.tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#perMs);
    bucket.at = now;
    this.#buckets.set(keyId, bucket);
    if (this.#buckets.size > 10_000) this.#prune(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000)) };
  }

  /** Forgets full buckets: a key that has not been seen long enough to refill costs nothing. */
  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.#capacity) this.#buckets.delete(key);
    }
  }
}
