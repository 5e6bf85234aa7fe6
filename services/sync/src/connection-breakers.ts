import { ApiCredentialError } from '@pipe/platforms';
import CircuitBreaker from 'opossum';

/** When a connection's breaker opens, and for how long. */
export interface BreakerSettings {
  /** Failed page reads in a row (after the client's own retries) that open it. */
  failures: number;
  /** How long it stays open before one read is tried again (ms). */
  resetMs: number;
}

/**
 * One circuit breaker (opossum) per connection: a platform that keeps failing (5xx storms, a
 * network gone, rate limits the client's retries could not wait out) pauses every job of that
 * connection for `resetMs` instead of hammering it; then one read is let through (half-open), and
 * a success closes it. Only `API_UNREACHABLE` counts: a refused credential or a missing repository
 * is an answer, not a failure of the platform.
 */
export class ConnectionBreakers {
  readonly #breakers = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>();
  readonly #failuresInARow = new Map<string, number>();
  constructor(private readonly settings: BreakerSettings) {}

  /**
   * Runs `read` through the connection's breaker; rejects with an `EOPENBREAKER` error while it is
   * open. opossum opens on a failure rate over a rolling window, which a long run of successful
   * pages would dilute; a platform that fails `failures` reads in a row opens it too.
   */
  async fire<T>(team: string, platform: string, read: () => Promise<T>): Promise<T> {
    const key = `${team}:${platform}`;
    const breaker = this.#breaker(team, platform);
    try {
      const result = (await breaker.fire(read)) as T;
      this.#failuresInARow.set(key, 0);
      return result;
    } catch (error) {
      if (isPlatformFailure(error)) {
        const failures = (this.#failuresInARow.get(key) ?? 0) + 1;
        this.#failuresInARow.set(key, failures);
        if (failures >= this.settings.failures && !breaker.opened) breaker.open();
      }
      throw error;
    }
  }

  /** Whether the connection's breaker is open now (its jobs wait). */
  isOpen(team: string, platform: string): boolean {
    return this.#breakers.get(`${team}:${platform}`)?.opened ?? false;
  }

  /** Stops every breaker's timers (drain). */
  shutdown(): void {
    for (const breaker of this.#breakers.values()) breaker.shutdown();
    this.#breakers.clear();
  }

  #breaker(team: string, platform: string): CircuitBreaker<[() => Promise<unknown>], unknown> {
    const key = `${team}:${platform}`;
    let breaker = this.#breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker((read: () => Promise<unknown>) => read(), {
        // Pages wait on rate limits for as long as the platform asks: no timeout of the breaker's own.
        timeout: false,
        volumeThreshold: this.settings.failures,
        errorThresholdPercentage: 100,
        rollingCountTimeout: 60_000,
        resetTimeout: this.settings.resetMs,
        errorFilter: (error: unknown) => !isPlatformFailure(error),
      });
      this.#breakers.set(key, breaker);
    }
    return breaker;
  }
}

/** A failure of the platform (unreachable, 5xx, rate limits outlasting the retries), not an answer such as a refused credential. */
const isPlatformFailure = (error: unknown): boolean => error instanceof ApiCredentialError && error.code === 'API_UNREACHABLE';

/** Whether an error is an open breaker's refusal. */
export const isOpenBreaker = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'EOPENBREAKER';
