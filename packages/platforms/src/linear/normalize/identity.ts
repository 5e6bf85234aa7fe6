import type { IdentityRef } from '@pipe/events';
import type { ObservedIdentity } from '../../kit/index.js';
import type { LinearActor, LinearUser } from './linear-schemas.js';

/** How Pipe refers to a Linear user: by their id, which Linear's mention markup names. */
export function linearIdentityRef(user: Pick<LinearUser, 'id'>): IdentityRef {
  return { platform: 'linear', externalId: user.id, handle: null };
}

/** The `identity.observed` data for a Linear user or actor. */
export function observedLinearIdentity(user: LinearUser | LinearActor): ObservedIdentity {
  return { identity: linearIdentityRef(user), name: user.name ?? null, email: user.email ?? null, url: user.url ?? null };
}

/** Only people are identities: an OAuth client or integration acting is not a person. */
export const isPersonActor = (actor: LinearActor | null | undefined): actor is LinearActor =>
  Boolean(actor) && (actor?.type === undefined || actor?.type === null || actor?.type === 'user');
