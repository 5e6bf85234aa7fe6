import type { ItemSnapshot } from '@pipe/events';
import { z } from 'zod';
import type { GithubDelivery } from './github-delivery.js';
import type { ActivityDraft, GithubFacts } from './github-facts.js';
import { GithubAction, GithubRepository, GithubTimestamp, GithubUser } from './github-schemas.js';
import { isoTime, versionAfter, versionAt } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { GithubPullRequest, pullRequestSnapshot } from './pull-request.js';
import { activitySummary } from './summary.js';
import { githubReviewCommentId } from '../ids.js';

export const GithubReviewComment = z.looseObject({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  html_url: z.string(),
  path: z.string().nullish(),
  user: GithubUser.nullable(),
  created_at: GithubTimestamp,
  updated_at: GithubTimestamp,
  // Set when the comment answers another one in the same diff thread.
  in_reply_to_id: z.number().int().positive().nullish(),
});
export type GithubReviewComment = z.infer<typeof GithubReviewComment>;

const ReviewCommentPayload = z.looseObject({
  action: GithubAction,
  comment: GithubReviewComment,
  pull_request: GithubPullRequest,
  repository: GithubRepository,
  sender: GithubUser,
});

export function reviewCommentSnapshot(repo: string, pullRequest: GithubPullRequest, comment: GithubReviewComment): ItemSnapshot {
  const where = comment.path ? ` (${comment.path})` : '';
  return {
    id: githubReviewCommentId(repo, pullRequest.number, comment.id),
    platform: 'github',
    kind: 'comment',
    title: `Review comment on ${repo}#${pullRequest.number}${where}: ${pullRequest.title}`,
    titleComposed: true,
    body: comment.body ?? '',
    url: comment.html_url,
    state: null,
    container: repo,
    // A reply in a diff thread answers the comment it replies to; the first one, the pull request.
    parentId: comment.in_reply_to_id
      ? githubReviewCommentId(repo, pullRequest.number, comment.in_reply_to_id)
      : pullRequestSnapshot(repo, pullRequest).id,
    author: comment.user ? githubIdentityRef(comment.user) : null,
    createdAt: isoTime(comment.created_at),
    updatedAt: isoTime(comment.updated_at),
    version: versionAt(comment.updated_at),
  };
}

/**
 * A `pull_request_review_comment` delivery (a comment on a pull request's diff): the comment (or
 * its removal), the pull request, and what the sender did — commenting acts on the pull request,
 * editing and deleting on the comment.
 */
export function normalizeReviewComment(delivery: GithubDelivery): GithubFacts {
  const { action, comment, pull_request: pullRequest, repository, sender } = parseGithubPayload(ReviewCommentPayload, delivery);
  const repo = repository.full_name;
  const snapshot = reviewCommentSnapshot(repo, pullRequest, comment);
  const pullRequestItem = pullRequestSnapshot(repo, pullRequest);
  const deleted = action === 'deleted';
  const created = action === 'created';
  const subject = `pull request ${repo}#${pullRequest.number}`;
  const activity: ActivityDraft = created
    ? {
        itemId: pullRequestItem.id,
        verb: 'commented',
        actor: githubIdentityRef(sender),
        summary: activitySummary(sender.login, 'commented on the diff of', subject, pullRequest.title),
      }
    : {
        itemId: snapshot.id,
        verb: action,
        actor: githubIdentityRef(sender),
        summary: activitySummary(sender.login, action, `a review comment on ${subject}`, pullRequest.title),
      };
  const identities = [observedGithubIdentity(sender)];
  if (comment.user) identities.push(observedGithubIdentity(comment.user));
  if (pullRequest.user) identities.push(observedGithubIdentity(pullRequest.user));
  return {
    outcome: 'facts',
    occurredAt: deleted ? delivery.receivedAt : isoTime(comment.updated_at),
    identities,
    items: [
      { type: 'item.observed', data: { item: pullRequestItem } },
      deleted
        ? {
            type: 'item.removed',
            data: {
              itemId: snapshot.id,
              platform: 'github',
              kind: 'comment',
              version: versionAfter(comment.updated_at, delivery.receivedAt),
            },
          }
        : { type: 'item.observed', data: { item: snapshot } },
    ],
    activities: [activity],
  };
}
