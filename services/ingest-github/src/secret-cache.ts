/**
 * Remembers each team's webhook secret for a short while, so a burst of deliveries does not
 * query and decrypt it every time, while a rotated secret still takes effect within `ttlMs`.
 */
export function cacheSecrets(load: (team: string) => Promise<string | null>, ttlMs = 30_000): (team: string) => Promise<string | null> {
  const cache = new Map<string, { value: string | null; expires: number }>();
  return async (team) => {
    const hit = cache.get(team);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = await load(team);
    cache.set(team, { value, expires: Date.now() + ttlMs });
    return value;
  };
}
