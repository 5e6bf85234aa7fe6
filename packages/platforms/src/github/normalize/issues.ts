import type { ItemSnapshot } from '@pipe/events';
import { githubIssueId, githubPullRequestId } from '../ids.js';
import { z } from 'zod';
import type { SkippedDelivery } from '../../kit/ingest-platform.js';
import { skipped, type GithubDelivery } from './github-delivery.js';
import type { GithubFacts } from './github-facts.js';
import { GithubAction, GithubRepository, GithubTimestamp, GithubUser } from './github-schemas.js';
import { isoTime, versionAfter, versionAt } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { activitySummary } from './summary.js';

/** An issue as webhook payloads carry it (also the conversation side of a pull request). */
export const GithubIssue = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  html_url: z.string(),
  // Real `pinned`/`unpinned` payloads leave `state` out; `closed_at` still tells it.
  state: z.string().optional(),
  closed_at: GithubTimestamp.nullish(),
  user: GithubUser.nullable(),
  created_at: GithubTimestamp,
  updated_at: GithubTimestamp,
  // Set when the issue is a pull request's conversation (issue comments on a PR).
  pull_request: z.looseObject({}).nullish(),
  assignees: z.array(GithubUser).nullish(),
});
export type GithubIssue = z.infer<typeof GithubIssue>;

const IssuesPayload = z.looseObject({
  action: GithubAction,
  issue: GithubIssue,
  repository: GithubRepository,
  sender: GithubUser,
});

/** The id of the item an issue payload describes: the pull request when it is one. */
export function issueItemId(repo: string, issue: GithubIssue): string {
  return issue.pull_request ? githubPullRequestId(repo, issue.number) : githubIssueId(repo, issue.number);
}

/** The snapshot of a plain issue (not a pull request's conversation). */
export function issueSnapshot(repo: string, issue: GithubIssue): ItemSnapshot {
  return {
    id: githubIssueId(repo, issue.number),
    platform: 'github',
    kind: 'issue',
    title: issue.title,
    body: issue.body ?? '',
    url: issue.html_url,
    state: issueState(issue),
    container: repo,
    parentId: null,
    author: issue.user ? githubIdentityRef(issue.user) : null,
    createdAt: isoTime(issue.created_at),
    updatedAt: isoTime(issue.updated_at),
    version: versionAt(issue.updated_at),
  };
}

function issueState(issue: GithubIssue): string | null {
  if (issue.state) return issue.state;
  if (issue.closed_at === undefined) return null;
  return issue.closed_at ? 'closed' : 'open';
}

/**
 * An `issues` delivery: the issue's snapshot (or its removal) and what the sender did.
 *
 * When the issue is really a pull request (GitHub sends some `issues` actions, such as
 * `milestoned`, for pull requests too), only the activity is kept: the issue view of a pull
 * request cannot tell merged from closed, and would overwrite the pull request's snapshot.
 * `transferred` is skipped: the issue moves to another repository and gets a new number, which
 * needs a removal, a new item and a relation no edge type names yet.
 */
export function normalizeIssues(delivery: GithubDelivery): GithubFacts | SkippedDelivery {
  const { action, issue, repository, sender } = parseGithubPayload(IssuesPayload, delivery);
  if (action === 'transferred') return skipped(delivery, "github 'issues' action 'transferred' is not normalised yet");

  const repo = repository.full_name;
  const itemId = issueItemId(repo, issue);
  const isPullRequest = Boolean(issue.pull_request);
  const deleted = action === 'deleted';
  const subject = isPullRequest ? 'pull request' : 'issue';
  const facts: GithubFacts = {
    outcome: 'facts',
    // GitHub does not say when an issue was deleted; its arrival is the closest time known.
    occurredAt: deleted ? delivery.receivedAt : isoTime(issue.updated_at),
    identities: [observedGithubIdentity(sender)],
    items: [],
    activities: [
      {
        itemId,
        verb: action,
        actor: githubIdentityRef(sender),
        summary: activitySummary(sender.login, action, `${subject} ${repo}#${issue.number}`, issue.title),
      },
    ],
  };
  if (issue.user) facts.identities.push(observedGithubIdentity(issue.user));
  for (const assignee of issue.assignees ?? []) facts.identities.push(observedGithubIdentity(assignee));
  if (isPullRequest) return facts;

  facts.items.push(
    deleted
      ? {
          type: 'item.removed',
          data: { itemId, platform: 'github', kind: 'issue', version: versionAfter(issue.updated_at, delivery.receivedAt) },
        }
      : { type: 'item.observed', data: { item: issueSnapshot(repo, issue) } },
  );
  return facts;
}
