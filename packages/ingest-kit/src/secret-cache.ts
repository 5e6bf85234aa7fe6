import { isDatabaseUnavailable } from '@pipe/db';

/** Options of {@link cacheByTeam}. */
export interface TeamCacheOptions<T> {
  /** How long an answer is used before it is read again, in ms (default 30 s). */
  ttlMs?: number;
  /**
   * While Postgres is unavailable, how long after it was last read an answer may still be served,
   * in ms (default 0: never). Bounded, so a secret rotated or a key revoked just before an outage
   * stops counting at a known time.
   */
  maxStaleMs?: number;
  /** Which answers may be served stale (default: every one). */
  servesStale?(value: T): boolean;
  /** How often, at most, a team whose stale answer is being served tries Postgres again, in ms (default 1 s). */
  retryEveryMs?: number;
}

interface Entry<T> {
  value: Promise<T>;
  expires: number;
  /** The last answer read from Postgres, and when. */
  fresh?: { value: T; readAt: number };
}

/**
 * Remembers each team's answer for a short while, so a burst of deliveries does not query and
 * decrypt the secret every time, while a rotated secret still takes effect within `ttlMs`.
 * Concurrent misses for one team share one lookup. A failed lookup is not remembered; when it
 * failed because Postgres is unavailable (see `isDatabaseUnavailable`), the last answer read is
 * served instead if it is younger than `maxStaleMs` and `servesStale` allows it — so a known
 * team's deliveries are still verified through a short database outage.
 */
export function cacheByTeam<T>(load: (team: string) => Promise<T>, options: TeamCacheOptions<T> = {}): (team: string) => Promise<T> {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxStaleMs = options.maxStaleMs ?? 0;
  const retryEveryMs = options.retryEveryMs ?? 1000;
  const servesStale = options.servesStale ?? (() => true);
  const cache = new Map<string, Entry<T>>();
  return (team) => {
    const now = Date.now();
    const hit = cache.get(team);
    if (hit && hit.expires > now) return hit.value;
    const previous = hit?.fresh;
    const entry = { expires: now + ttlMs, ...(previous ? { fresh: previous } : {}) } as Entry<T>;
    entry.value = load(team).then(
      (value) => {
        entry.fresh = { value, readAt: Date.now() };
        return value;
      },
      (error: unknown) => {
        const stale = entry.fresh;
        if (stale && isDatabaseUnavailable(error) && Date.now() - stale.readAt <= maxStaleMs && servesStale(stale.value)) {
          // Served from memory; Postgres is tried again for this team after a pause, not on every delivery.
          entry.expires = Date.now() + Math.min(retryEveryMs, ttlMs);
          return stale.value;
        }
        // Not remembered (the last answer read is kept): the next delivery tries again.
        entry.expires = 0;
        throw error;
      },
    );
    cache.set(team, entry);
    return entry.value;
  };
}
