import type { ItemSnapshot } from '@pipe/events';
import { githubCommitCommentId, githubCommitId } from '../ids.js';
import { z } from 'zod';
import type { GithubDelivery } from './github-delivery.js';
import type { GithubFacts } from './github-facts.js';
import { GithubAction, GithubRepository, GithubTimestamp, GithubUser } from './github-schemas.js';
import { isoTime, versionAt } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { activitySummary } from './summary.js';

const CommitCommentPayload = z.looseObject({
  action: GithubAction,
  comment: z.looseObject({
    id: z.number().int().positive(),
    body: z.string().nullish(),
    html_url: z.string(),
    commit_id: z.string().min(7),
    path: z.string().nullish(),
    user: GithubUser.nullable(),
    created_at: GithubTimestamp,
    updated_at: GithubTimestamp,
  }),
  repository: GithubRepository,
  sender: GithubUser,
});

/** A `commit_comment` delivery: the comment, a reply to its commit, and a `commented` activity on the commit. */
export function normalizeCommitComment(delivery: GithubDelivery): GithubFacts {
  const { action, comment, repository, sender } = parseGithubPayload(CommitCommentPayload, delivery);
  const repo = repository.full_name;
  const commitId = githubCommitId(repo, comment.commit_id);
  const shortSha = comment.commit_id.slice(0, 7);
  const snapshot: ItemSnapshot = {
    id: githubCommitCommentId(repo, comment.commit_id, comment.id),
    platform: 'github',
    kind: 'comment',
    title: `Comment on commit ${repo}@${shortSha}${comment.path ? ` (${comment.path})` : ''}`,
    titleComposed: true,
    body: comment.body ?? '',
    url: comment.html_url,
    state: null,
    container: repo,
    parentId: commitId,
    author: comment.user ? githubIdentityRef(comment.user) : null,
    createdAt: isoTime(comment.created_at),
    updatedAt: isoTime(comment.updated_at),
    version: versionAt(comment.updated_at),
  };
  const verb = action === 'created' ? 'commented' : action;
  const identities = [observedGithubIdentity(sender)];
  if (comment.user) identities.push(observedGithubIdentity(comment.user));
  return {
    outcome: 'facts',
    occurredAt: isoTime(comment.updated_at),
    identities,
    items: [{ type: 'item.observed', data: { item: snapshot } }],
    activities: [
      {
        itemId: commitId,
        verb,
        actor: githubIdentityRef(sender),
        summary: activitySummary(sender.login, verb, `commit ${repo}@${shortSha}`),
      },
    ],
  };
}
