/**
 * Remembers each team's answer for a short while, so a burst of deliveries does not query and
 * decrypt the secret every time, while a rotated secret still takes effect within `ttlMs`.
 * Concurrent misses for one team share one lookup.
 */
export function cacheByTeam<T>(load: (team: string) => Promise<T>, ttlMs = 30_000): (team: string) => Promise<T> {
  const cache = new Map<string, { value: Promise<T>; expires: number }>();
  return (team) => {
    const now = Date.now();
    const hit = cache.get(team);
    if (hit && hit.expires > now) return hit.value;
    const value = load(team);
    cache.set(team, { value, expires: now + ttlMs });
    // A failed lookup (Postgres down) must not be remembered.
    value.catch(() => cache.delete(team));
    return value;
  };
}
