import type { OutgoingRequest, SendResult, Sender } from '@pipe/notify';
import CircuitBreaker from 'opossum';

/** A failure the breaker counts: the destination failed (5xx, timeout, no connection). */
class DestinationFailure extends Error {
  override readonly name = 'DestinationFailure';
  constructor(readonly result: SendResult) {
    super(result.kind === 'retry' ? result.reason : result.kind);
  }
}

/** What a send through the breaker came to: the destination's answer, or the breaker refusing to try. */
export type GuardedResult = SendResult | { kind: 'open'; reason: string; retryAt: number };

/** Options of {@link DestinationBreakers}. */
export interface BreakerOptions {
  /** How long an open breaker refuses before it lets one trial request through. */
  resetMs: number;
  onOpen?(key: string): void;
  onClose?(key: string): void;
}

/**
 * One circuit breaker (opossum) per destination: when most recent requests to a destination fail
 * (5xx, timeouts, refused connections — not 429s, which carry their own wait, nor 4xx answers), it
 * opens and messages to it wait `resetMs` instead of hammering a struggling service; then one
 * trial request decides whether it closes again. Other destinations are not affected.
 */
export class DestinationBreakers {
  readonly #breakers = new Map<string, { breaker: CircuitBreaker<[OutgoingRequest], SendResult>; openedAt: number }>();

  constructor(
    private readonly sender: Sender,
    private readonly options: BreakerOptions,
  ) {}

  async send(key: string, request: OutgoingRequest): Promise<GuardedResult> {
    const entry = this.#entry(key);
    try {
      return await entry.breaker.fire(request);
    } catch (error) {
      if (error instanceof DestinationFailure) return error.result;
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        return {
          kind: 'open',
          reason: 'the circuit breaker is open after repeated failures',
          retryAt: entry.openedAt + this.options.resetMs,
        };
      }
      return { kind: 'retry', reason: (error as Error).message, rateLimited: false };
    }
  }

  #entry(key: string) {
    const existing = this.#breakers.get(key);
    if (existing) return existing;
    const breaker = new CircuitBreaker<[OutgoingRequest], SendResult>(
      async (request) => {
        const result = await this.sender.send(request);
        if (result.kind === 'retry' && !result.rateLimited) throw new DestinationFailure(result);
        return result;
      },
      // Our own request timeout applies; the breaker opens when half of at least three requests in 30 s failed.
      { timeout: false, errorThresholdPercentage: 50, volumeThreshold: 3, rollingCountTimeout: 30_000, resetTimeout: this.options.resetMs },
    );
    const created = { breaker, openedAt: 0 };
    breaker.on('open', () => {
      created.openedAt = Date.now();
      this.options.onOpen?.(key);
    });
    breaker.on('close', () => this.options.onClose?.(key));
    this.#breakers.set(key, created);
    return created;
  }

  /** Stops the breakers' timers. */
  shutdown(): void {
    for (const { breaker } of this.#breakers.values()) breaker.shutdown();
    this.#breakers.clear();
  }
}
