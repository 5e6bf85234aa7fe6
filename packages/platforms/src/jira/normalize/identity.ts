import type { IdentityRef } from '@pipe/events';
import type { ObservedIdentity } from '../../kit/index.js';
import type { JiraUser } from './jira-schemas.js';

/** How Pipe refers to a Jira Cloud account: by `accountId`, what Jira's mention markup names. */
export function jiraIdentityRef(user: JiraUser): IdentityRef {
  return { platform: 'jira', externalId: user.accountId, handle: null };
}

/** The `identity.observed` data for a Jira account, with what the payload tells about it. */
export function observedJiraIdentity(user: JiraUser): ObservedIdentity {
  return {
    identity: jiraIdentityRef(user),
    name: user.displayName ?? null,
    email: user.emailAddress ?? null,
    url: user.self ?? null,
  };
}
