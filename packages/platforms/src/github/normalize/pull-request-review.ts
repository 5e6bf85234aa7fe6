import type { ItemSnapshot } from '@pipe/events';
import { githubPullRequestId, githubReviewId } from '../ids.js';
import { z } from 'zod';
import type { GithubDelivery } from './github-delivery.js';
import type { ActivityDraft, GithubFacts } from './github-facts.js';
import { GithubAction, GithubRepository, GithubTimestamp, GithubUser } from './github-schemas.js';
import { isoTime, versionAfter, versionAt } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { GithubPullRequest, pullRequestSnapshot } from './pull-request.js';
import { activitySummary } from './summary.js';

export const GithubReview = z.looseObject({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  html_url: z.string(),
  state: z.string().min(1),
  user: GithubUser.nullable(),
  // Null while a review is pending; every submitted review has it.
  submitted_at: GithubTimestamp.nullish(),
});
export type GithubReview = z.infer<typeof GithubReview>;

const PullRequestReviewPayload = z.looseObject({
  action: GithubAction,
  review: GithubReview,
  pull_request: GithubPullRequest,
  repository: GithubRepository,
  sender: GithubUser,
});

/**
 * A review has no `updated_at`: `submitted_at` versions the submission, and a later edit or
 * dismissal is versioned by its arrival so that it wins over the submitted snapshot.
 */
function reviewVersion(action: string, review: GithubReview, receivedAt: string): number {
  if (action === 'submitted' && review.submitted_at) return versionAt(review.submitted_at);
  return versionAfter(review.submitted_at, receivedAt);
}

export function reviewSnapshot(repo: string, pullRequest: GithubPullRequest, review: GithubReview, version: number): ItemSnapshot {
  const submittedAt = review.submitted_at ? isoTime(review.submitted_at) : null;
  return {
    id: githubReviewId(repo, pullRequest.number, review.id),
    platform: 'github',
    kind: 'review',
    // Reviews have no title of their own; the pull request's title is what a person would search for.
    title: `Review of ${repo}#${pullRequest.number}: ${pullRequest.title}`,
    titleComposed: true,
    body: review.body ?? '',
    url: review.html_url,
    // Webhooks say `approved`, the REST API `APPROVED`; one spelling keeps states comparable.
    state: review.state.toLowerCase(),
    container: repo,
    parentId: githubPullRequestId(repo, pullRequest.number),
    author: review.user ? githubIdentityRef(review.user) : null,
    createdAt: submittedAt,
    updatedAt: submittedAt,
    version,
  };
}

/**
 * A `pull_request_review` delivery: the review, the pull request it belongs to (so a review of a
 * pull request Pipe has not seen yet still has a parent), and what the sender did.
 */
export function normalizePullRequestReview(delivery: GithubDelivery): GithubFacts {
  const payload = parseGithubPayload(PullRequestReviewPayload, delivery);
  const { action, review, pull_request: pullRequest, repository, sender } = payload;
  const repo = repository.full_name;
  const submitted = action === 'submitted';
  const reviewItem = reviewSnapshot(repo, pullRequest, review, reviewVersion(action, review, delivery.receivedAt));
  const pullRequestItem = pullRequestSnapshot(repo, pullRequest);
  const subject = `pull request ${repo}#${pullRequest.number}`;
  const reviewState = review.state.toLowerCase().replaceAll('_', ' ');

  const activity: ActivityDraft = submitted
    ? {
        itemId: pullRequestItem.id,
        verb: 'reviewed',
        actor: githubIdentityRef(sender),
        summary: activitySummary(sender.login, 'reviewed', `${subject} (${reviewState})`, pullRequest.title),
      }
    : {
        itemId: reviewItem.id,
        verb: action,
        actor: githubIdentityRef(sender),
        summary: activitySummary(sender.login, action, `a review of ${subject}`, pullRequest.title),
      };

  const identities = [observedGithubIdentity(sender)];
  if (review.user) identities.push(observedGithubIdentity(review.user));
  if (pullRequest.user) identities.push(observedGithubIdentity(pullRequest.user));
  return {
    outcome: 'facts',
    // An edit or dismissal happens when it arrives; `submitted_at` still names the submission.
    occurredAt: submitted && reviewItem.updatedAt ? reviewItem.updatedAt : delivery.receivedAt,
    identities,
    items: [
      { type: 'item.observed', data: { item: pullRequestItem } },
      { type: 'item.observed', data: { item: reviewItem } },
    ],
    activities: [activity],
  };
}
