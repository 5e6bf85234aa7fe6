import type { ItemSnapshot } from '@pipe/events';
import { githubPullRequestId } from '../ids.js';
import { z } from 'zod';
import type { GithubDelivery } from './github-delivery.js';
import type { GithubFacts } from './github-facts.js';
import { GithubAction, GithubRepository, GithubTimestamp, GithubUser } from './github-schemas.js';
import { isoTime, versionAt } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { activitySummary } from './summary.js';

/** A pull request as `pull_request` and `pull_request_review` payloads carry it. */
export const GithubPullRequest = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  html_url: z.string(),
  state: z.string(),
  user: GithubUser.nullable(),
  created_at: GithubTimestamp,
  updated_at: GithubTimestamp,
  // Review payloads leave `merged` out; `merged_at` is in both.
  merged: z.boolean().nullish(),
  merged_at: GithubTimestamp.nullish(),
  assignees: z.array(GithubUser).nullish(),
});
export type GithubPullRequest = z.infer<typeof GithubPullRequest>;

const PullRequestPayload = z.looseObject({
  action: GithubAction,
  pull_request: GithubPullRequest,
  repository: GithubRepository,
  sender: GithubUser,
});

/** Whether GitHub reports the pull request as merged (it says `closed` for merged ones too). */
export function isMerged(pullRequest: GithubPullRequest): boolean {
  return Boolean(pullRequest.merged || pullRequest.merged_at);
}

/** The snapshot of a pull request; its state is `open`, `closed` or `merged`. */
export function pullRequestSnapshot(repo: string, pullRequest: GithubPullRequest): ItemSnapshot {
  return {
    id: githubPullRequestId(repo, pullRequest.number),
    platform: 'github',
    kind: 'pull_request',
    title: pullRequest.title,
    body: pullRequest.body ?? '',
    url: pullRequest.html_url,
    state: isMerged(pullRequest) ? 'merged' : pullRequest.state,
    container: repo,
    parentId: null,
    author: pullRequest.user ? githubIdentityRef(pullRequest.user) : null,
    createdAt: isoTime(pullRequest.created_at),
    updatedAt: isoTime(pullRequest.updated_at),
    version: versionAt(pullRequest.updated_at),
  };
}

/** GitHub's action, except that closing by merging is `merged` and `synchronize` reads as a past event. */
function pullRequestVerb(action: string, pullRequest: GithubPullRequest): string {
  if (action === 'closed' && isMerged(pullRequest)) return 'merged';
  if (action === 'synchronize') return 'synchronized';
  return action;
}

/** A `pull_request` delivery: the pull request's snapshot and what the sender did. */
export function normalizePullRequest(delivery: GithubDelivery): GithubFacts {
  const { action, pull_request: pullRequest, repository, sender } = parseGithubPayload(PullRequestPayload, delivery);
  const repo = repository.full_name;
  const snapshot = pullRequestSnapshot(repo, pullRequest);
  const verb = pullRequestVerb(action, pullRequest);
  const facts: GithubFacts = {
    outcome: 'facts',
    occurredAt: isoTime(pullRequest.updated_at),
    identities: [observedGithubIdentity(sender)],
    items: [{ type: 'item.observed', data: { item: snapshot } }],
    activities: [
      {
        itemId: snapshot.id,
        verb,
        actor: githubIdentityRef(sender),
        summary: activitySummary(sender.login, verb, `pull request ${repo}#${pullRequest.number}`, pullRequest.title),
      },
    ],
  };
  if (pullRequest.user) facts.identities.push(observedGithubIdentity(pullRequest.user));
  for (const assignee of pullRequest.assignees ?? []) facts.identities.push(observedGithubIdentity(assignee));
  return facts;
}
