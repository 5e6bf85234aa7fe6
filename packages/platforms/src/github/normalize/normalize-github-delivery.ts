import { assembleEvents } from './assemble-events.js';
import type { NormalizeResult, SkippedDelivery } from '../../kit/ingest-platform.js';
import { skipped, type GithubDelivery } from './github-delivery.js';
import type { GithubFacts } from './github-facts.js';
import { withContainer } from '../../kit/container.js';
import { githubContainer } from './container.js';
import { normalizeCommitComment } from './commit-comment.js';
import { normalizeGitRef } from './git-ref.js';
import { normalizeIssueComment } from './issue-comment.js';
import { normalizeIssues } from './issues.js';
import { normalizePullRequestReview } from './pull-request-review.js';
import { normalizePullRequest } from './pull-request.js';
import { normalizePush } from './push.js';
import { normalizeRelease } from './release.js';
import { normalizeRepository } from './repository.js';
import { normalizeReviewComment } from './review-comment.js';

type EventNormalizer = (delivery: GithubDelivery) => GithubFacts | SkippedDelivery;

// A Map, not an object literal: the event name comes from a request header, and a header such as
// `constructor` must not find something on Object.prototype.
const NORMALIZERS: ReadonlyMap<string, EventNormalizer> = new Map([
  ['issues', normalizeIssues],
  ['issue_comment', normalizeIssueComment],
  ['pull_request', normalizePullRequest],
  ['pull_request_review', normalizePullRequestReview],
  ['push', normalizePush],
  ['pull_request_review_comment', normalizeReviewComment],
  ['commit_comment', normalizeCommitComment],
  ['release', normalizeRelease],
  ['create', normalizeGitRef],
  ['delete', normalizeGitRef],
  ['repository', normalizeRepository],
]);

/**
 * Turns one GitHub webhook delivery into canonical Pipe events. Pure: no I/O, and the same
 * delivery always yields the same events apart from their envelope ids.
 *
 * Events and actions Pipe does not normalise yet come back as `skipped` with a reason (the kit
 * records those). A payload of a supported event that lacks a field the normaliser needs throws
 * `IngestError('INVALID_PAYLOAD')` naming it.
 *
 * Every delivery of a repository's events also observes the repository itself (see
 * `withContainer`), thinly, so the `PART_OF` of what it carries lands on an item.
 */
export function normalizeGithubDelivery(delivery: GithubDelivery): NormalizeResult {
  if (delivery.event === 'ping') return skipped(delivery, 'ping');
  const normalize = NORMALIZERS.get(delivery.event);
  if (!normalize) return skipped(delivery, `github event '${delivery.event}' is not normalised yet`);
  const result = normalize(delivery);
  if (result.outcome === 'skipped') return result;
  return { outcome: 'events', events: assembleEvents(delivery, withContainer(result, githubContainer(delivery))) };
}
