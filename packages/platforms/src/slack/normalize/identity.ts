import type { IdentityRef } from '@pipe/events';
import type { ObservedIdentity } from '../../kit/index.js';

/**
 * How Pipe refers to a Slack account: by its user id (`U123`, `W123` on Enterprise Grid), which
 * is also what `<@U123>` mentions in text carry. The handle is the user id too, unless the
 * payload says the display name.
 */
export function slackIdentityRef(userId: string, handle?: string | null): IdentityRef {
  return { platform: 'slack', externalId: userId, handle: handle || userId };
}

/** The `identity.observed` data of a Slack user, with whatever the payload tells about them. */
export function observedSlackIdentity(
  userId: string,
  known: { handle?: string | null; name?: string | null; email?: string | null } = {},
): ObservedIdentity {
  return { identity: slackIdentityRef(userId, known.handle), name: known.name ?? null, email: known.email ?? null, url: null };
}
