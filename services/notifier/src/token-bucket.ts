import type { RateLimit } from '@pipe/notify';

/**
 * A destination's rate limit as a token bucket: `burst` tokens, one back every `intervalMs`. The
 * dispatcher sends as many separate messages as there are tokens and folds the rest of a burst
 * into one digest, so a destination is never pushed over its published limit.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly limit: RateLimit,
    now: number,
  ) {
    this.#tokens = limit.burst;
    this.#at = now;
  }

  #refill(now: number): void {
    const earned = (now - this.#at) / this.limit.intervalMs;
    this.#tokens = Math.min(this.limit.burst, this.#tokens + earned);
    this.#at = now;
  }

  /** Whole messages that may be sent now. */
  available(now: number): number {
    this.#refill(now);
    return Math.floor(this.#tokens);
  }

  /** When the next whole token is there. */
  nextAt(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? now : now + Math.ceil((1 - this.#tokens) * this.limit.intervalMs);
  }

  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
  }
}
