/**
 * How often a failing message is tried and how long to wait between tries: one policy shared by
 * the consumer loop (which redelivers a `retry` after `delayMs` and dead-letters it once
 * `maxAttempts` deliveries are spent) and any handler that retries in place to keep stream order
 * (the projector), so both bound a message's attempts alike.
 */
export interface RetryPolicy {
  /** Attempts at one message, earlier deliveries included, before it is dead-lettered. */
  readonly maxAttempts: number;
  /** The wait after the n-th failed attempt (n from 1). */
  delayMs(attempt: number): number;
}

/** 5 attempts; 250 ms after the first failure, doubling, at most 30 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  delayMs: (attempt: number) => Math.min(30_000, 250 * 2 ** (attempt - 1)),
});

/** True once `attempt` failed attempts spend the policy's attempts. */
export const attemptsSpent = (policy: RetryPolicy, attempt: number): boolean => attempt >= policy.maxAttempts;
