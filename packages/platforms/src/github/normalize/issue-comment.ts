import type { ItemSnapshot } from '@pipe/events';
import { githubCommentId } from '../ids.js';
import { z } from 'zod';
import type { GithubDelivery } from './github-delivery.js';
import type { ActivityDraft, GithubFacts } from './github-facts.js';
import { GithubAction, GithubRepository, GithubTimestamp, GithubUser } from './github-schemas.js';
import { isoTime, versionAfter, versionAt } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { GithubIssue, issueItemId, issueSnapshot } from './issues.js';
import { parseGithubPayload } from './github-delivery.js';
import { activitySummary } from './summary.js';

export const GithubIssueComment = z.looseObject({
  id: z.number().int().positive(),
  body: z.string().nullish(),
  html_url: z.string(),
  user: GithubUser.nullable(),
  created_at: GithubTimestamp,
  updated_at: GithubTimestamp,
});
export type GithubIssueComment = z.infer<typeof GithubIssueComment>;

const IssueCommentPayload = z.looseObject({
  action: GithubAction,
  issue: GithubIssue,
  comment: GithubIssueComment,
  repository: GithubRepository,
  sender: GithubUser,
});

export function commentSnapshot(repo: string, issue: GithubIssue, comment: GithubIssueComment): ItemSnapshot {
  return {
    id: githubCommentId(repo, issue.number, comment.id),
    platform: 'github',
    kind: 'comment',
    // Comments have no title of their own; the thread's title is what a person would search for.
    title: `Comment on ${repo}#${issue.number}: ${issue.title}`,
    titleComposed: true,
    body: comment.body ?? '',
    url: comment.html_url,
    state: null,
    container: repo,
    parentId: issueItemId(repo, issue),
    author: comment.user ? githubIdentityRef(comment.user) : null,
    createdAt: isoTime(comment.created_at),
    updatedAt: isoTime(comment.updated_at),
    version: versionAt(comment.updated_at),
  };
}

/**
 * An `issue_comment` delivery: the comment (or its removal), the issue it belongs to, and what
 * the sender did. The issue's snapshot rides along so that a comment on an issue Pipe has not
 * seen yet still has a parent; a pull request's is left out, because its issue view cannot tell
 * merged from closed.
 */
export function normalizeIssueComment(delivery: GithubDelivery): GithubFacts {
  const { action, issue, comment, repository, sender } = parseGithubPayload(IssueCommentPayload, delivery);
  const repo = repository.full_name;
  const parentId = issueItemId(repo, issue);
  const commentId = githubCommentId(repo, issue.number, comment.id);
  const deleted = action === 'deleted';
  const onPullRequest = Boolean(issue.pull_request);
  const subject = `${onPullRequest ? 'pull request' : 'issue'} ${repo}#${issue.number}`;

  const actor = githubIdentityRef(sender);
  const activity: ActivityDraft =
    action === 'created'
      ? { itemId: parentId, verb: 'commented', actor, summary: activitySummary(sender.login, 'commented on', subject, issue.title) }
      : { itemId: commentId, verb: action, actor, summary: activitySummary(sender.login, action, `a comment on ${subject}`, issue.title) };

  const facts: GithubFacts = {
    outcome: 'facts',
    occurredAt: deleted ? delivery.receivedAt : isoTime(comment.updated_at),
    identities: [observedGithubIdentity(sender)],
    items: [],
    activities: [activity],
  };
  if (comment.user) facts.identities.push(observedGithubIdentity(comment.user));
  if (!onPullRequest) {
    if (issue.user) facts.identities.push(observedGithubIdentity(issue.user));
    facts.items.push({ type: 'item.observed', data: { item: issueSnapshot(repo, issue) } });
  }
  facts.items.push(
    deleted
      ? {
          type: 'item.removed',
          data: {
            itemId: commentId,
            platform: 'github',
            kind: 'comment',
            version: versionAfter(comment.updated_at, delivery.receivedAt),
          },
        }
      : { type: 'item.observed', data: { item: commentSnapshot(repo, issue, comment) } },
  );
  return facts;
}
