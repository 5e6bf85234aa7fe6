import type { IdentityRef } from '@pipe/events';
import type { ObservedIdentity } from './github-facts.js';
import type { GithubUser } from './github-schemas.js';

/** How Pipe refers to a GitHub account: keyed by its numeric id, which survives renames. */
export function githubIdentityRef(user: GithubUser): IdentityRef {
  return { platform: 'github', externalId: String(user.id), handle: user.login };
}

/** The `identity.observed` data for a GitHub account, with what the payload tells about it. */
export function observedGithubIdentity(user: GithubUser, known: { name?: string | null; email?: string | null } = {}): ObservedIdentity {
  return {
    identity: githubIdentityRef(user),
    name: user.name ?? known.name ?? null,
    email: user.email ?? known.email ?? null,
    url: user.html_url ?? null,
  };
}
