import type { IdentityRef } from '@pipe/events';
import type { ObservedIdentity } from './github-facts.js';
import type { GithubUser } from './github-schemas.js';

/** How Pipe refers to a GitHub account: keyed by its numeric id, which survives renames. */
export function githubIdentityRef(user: GithubUser): IdentityRef {
  return { platform: 'github', externalId: String(user.id), handle: user.login };
}

/** The `identity.observed` data for a GitHub account, with what the payload tells about it. */
export function observedGithubIdentity(
  user: GithubUser,
  known: { name?: string | null; email?: string | null } = {},
): ObservedIdentity {
  return {
    identity: githubIdentityRef(user),
    name: user.name ?? known.name ?? null,
    email: user.email ?? known.email ?? null,
    url: user.html_url ?? null,
  };
}

/**
 * One entry per person, in first-seen order. A person seen twice keeps the first non-null name,
 * email and URL, so a later, richer sighting (a commit author's email) is not lost.
 */
export function dedupeIdentities(identities: readonly ObservedIdentity[]): ObservedIdentity[] {
  const byKey = new Map<string, ObservedIdentity>();
  for (const seen of identities) {
    const key = `${seen.identity.platform}:${seen.identity.externalId}`;
    const earlier = byKey.get(key);
    byKey.set(
      key,
      earlier
        ? {
            identity: earlier.identity,
            name: earlier.name ?? seen.name,
            email: earlier.email ?? seen.email,
            url: earlier.url ?? seen.url,
          }
        : seen,
    );
  }
  return [...byKey.values()];
}
