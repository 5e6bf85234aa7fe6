/**
 * What a key or an OAuth token may do. `read`: every read-only tool, resource, subscription and
 * feed. `admin`: what changes things (the `sync` tool, keys, connections) and everything `read` may.
 * A key stores one of them; `admin` grants both.
 */
export const ACCESS_SCOPES = ['read', 'admin'] as const;

/** One of {@link ACCESS_SCOPES}. */
export type AccessScope = (typeof ACCESS_SCOPES)[number];

/** The scope a key gets when none is asked for: least privilege. */
export const DEFAULT_ACCESS_SCOPE: AccessScope = 'read';

/** Whether a value names a scope Pipe knows. */
export function isAccessScope(value: unknown): value is AccessScope {
  return typeof value === 'string' && (ACCESS_SCOPES as readonly string[]).includes(value);
}

/** Every scope a stored scope grants: `admin` includes `read`. */
export function grantedScopes(scope: AccessScope): AccessScope[] {
  return scope === 'admin' ? ['read', 'admin'] : ['read'];
}
