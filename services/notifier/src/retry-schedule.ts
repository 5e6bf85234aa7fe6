/** The longest wait between two attempts at a message. */
const MAX_DELAY_MS = 5 * 60_000;

/**
 * The wait before attempt `attempt + 1` after `attempt` failures: exponential from `baseMs`,
 * capped at five minutes, with jitter over its upper half so destinations that failed together
 * are not retried in lockstep. A destination's own `Retry-After` wins when it asks for longer.
 */
export function retryDelayMs(attempt: number, baseMs: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, Math.min(jittered, retryAfterMs + baseMs));
}
