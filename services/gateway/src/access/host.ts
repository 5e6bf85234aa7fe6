const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a request's `Host` header names this gateway. A DNS-rebinding attack points a name the
 * attacker controls at 127.0.0.1; the browser then sends that name as Host. Loopback names, the
 * public URL's host and the configured hosts pass (with any port for names configured without
 * one); anything else, including a missing Host, does not.
 */
export function isAllowedHost(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (host === undefined || host === '') return false;
  const lower = host.toLowerCase();
  const name = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : (lower.split(':')[0] ?? '');
  return LOOPBACK.has(name) || allowed.has(lower) || allowed.has(name);
}

/** The set {@link isAllowedHost} checks against: configured hosts plus the public URL's host. */
export function allowedHostSet(allowedHosts: readonly string[], publicUrl: string | undefined): Set<string> {
  const hosts = new Set(allowedHosts.map((host) => host.toLowerCase()));
  if (publicUrl !== undefined) hosts.add(new URL(publicUrl).host.toLowerCase());
  return hosts;
}
