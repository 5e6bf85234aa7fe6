import { GithubRelease } from '../normalize/release.js';
import type { ItemSnapshot } from '@pipe/events';
import { z } from 'zod';
import { withContainer } from '../../kit/container.js';
import { IngestError } from '../../kit/ingest-error.js';
import type { NormalizeResult } from '../../kit/ingest-platform.js';
import { parsePayload } from '../../kit/parse-payload.js';
import { REMOVED_RESOURCE, normalizeRemovedRecord } from '../../kit/synced-removal.js';
import { githubCommitId, githubReleaseId } from '../ids.js';
import { assembleEvents } from '../normalize/assemble-events.js';
import { githubContainer } from '../normalize/container.js';
import type { GithubDelivery } from '../normalize/github-delivery.js';
import type { GithubFacts, ItemChange, ObservedIdentity } from '../normalize/github-facts.js';
import { GithubRepository, GithubTimestamp, GithubUser } from '../normalize/github-schemas.js';
import { isoTime, versionAt } from '../normalize/github-time.js';
import { observedGithubIdentity } from '../normalize/identity.js';
import { GithubIssueComment, commentSnapshot } from '../normalize/issue-comment.js';
import { GithubIssue, issueSnapshot } from '../normalize/issues.js';
import { GithubReview, reviewSnapshot } from '../normalize/pull-request-review.js';
import { pullRequestSnapshot } from '../normalize/pull-request.js';
import { GithubReviewComment, reviewCommentSnapshot } from '../normalize/review-comment.js';

/** What the backfill stores beside a comment or review: the issue or pull request it is on (its number and title). */
const Thread = z.looseObject({ number: z.number().int().positive(), title: z.string(), pull_request: z.boolean().optional() });
const Context = z.looseObject({ repository: GithubRepository.extend({ html_url: z.string().nullish() }), thread: Thread.optional() });
/** A stored record: built once, since zod compiles a schema on its first parse (per record, that compile cost more than the parse). */
const StoredRecord = z.looseObject({ record: z.unknown(), context: Context });

const IssueRecord = GithubIssue.extend({
  // The REST API's issue view of a pull request says whether it was merged.
  pull_request: z.looseObject({ merged_at: GithubTimestamp.nullish() }).nullish(),
});
const CommitRecord = z.looseObject({
  sha: z.string().min(1),
  html_url: z.string(),
  commit: z.looseObject({
    message: z.string(),
    author: z.looseObject({ name: z.string().nullish(), email: z.string().nullish(), date: GithubTimestamp }).nullable(),
    committer: z.looseObject({ date: GithubTimestamp }).nullable(),
  }),
  author: GithubUser.nullish(),
});
const ReleaseRecord = GithubRelease;

/** What a comment's or review's snapshot does not read of the thread it is on (only its number, title and kind). */
const UNREAD = { html_url: '', user: null, created_at: '1970-01-01T00:00:00Z', updated_at: '1970-01-01T00:00:00Z' };

type RecordNormalizer = (record: unknown, context: z.infer<typeof Context>, what: string) => GithubFacts;

/**
 * The REST API's records, as the backfill stores them (`{ record, context }`), turned into the same
 * snapshots webhooks give — with the source's version (`updated_at`, `submitted_at`, a commit's
 * date, a release's publication), so whichever of a webhook and a backfill saw the newer state wins
 * in either order. A backfill states what exists, not what somebody did: no activities (the
 * webhook's activity of the same change keeps the timeline from counting it twice).
 */
const RECORDS: ReadonlyMap<string, RecordNormalizer> = new Map<string, RecordNormalizer>([
  [
    'issue',
    (record, { repository }, what) => {
      const issue = parsePayload(IssueRecord, record, what);
      const repo = repository.full_name;
      const snapshot = issue.pull_request
        ? pullRequestSnapshot(repo, { ...issue, state: issue.state ?? 'open', merged_at: issue.pull_request.merged_at ?? null })
        : issueSnapshot(repo, issue);
      return facts(snapshot, [issue.user, ...(issue.assignees ?? [])]);
    },
  ],
  [
    'issue_comment',
    (record, { repository, thread }, what) => {
      const comment = parsePayload(GithubIssueComment, record, what);
      const on = requireThread(thread, what);
      const issue = { ...on, ...UNREAD, pull_request: on.pull_request ? {} : null };
      return facts(commentSnapshot(repository.full_name, issue, comment), [comment.user]);
    },
  ],
  [
    'review',
    (record, { repository, thread }, what) => {
      const review = parsePayload(GithubReview, record, what);
      const on = requireThread(thread, what);
      const pullRequest = { ...on, ...UNREAD, state: 'open' };
      const version = review.submitted_at ? versionAt(review.submitted_at) : 0;
      return facts(reviewSnapshot(repository.full_name, pullRequest, review, version), [review.user]);
    },
  ],
  [
    'review_comment',
    (record, { repository, thread }, what) => {
      const comment = parsePayload(GithubReviewComment, record, what);
      const on = requireThread(thread, what);
      const pullRequest = { ...on, ...UNREAD, state: 'open' };
      return facts(reviewCommentSnapshot(repository.full_name, pullRequest, comment), [comment.user]);
    },
  ],
  [
    'commit',
    (record, { repository }, what) => {
      const commit = parsePayload(CommitRecord, record, what);
      const time = commit.commit.author?.date ?? commit.commit.committer?.date ?? '1970-01-01T00:00:00Z';
      const message = commit.commit.message;
      const author = commit.author
        ? observedGithubIdentity(commit.author, { name: commit.commit.author?.name, email: commit.commit.author?.email })
        : null;
      const snapshot: ItemSnapshot = {
        id: githubCommitId(repository.full_name, commit.sha),
        platform: 'github',
        kind: 'commit',
        title: message.split(/\r?\n/, 1)[0] ?? '',
        body: message,
        url: commit.html_url,
        state: null,
        container: repository.full_name,
        parentId: null,
        author: author?.identity ?? null,
        createdAt: isoTime(time),
        updatedAt: isoTime(time),
        version: versionAt(time),
      };
      return { ...facts(snapshot, []), identities: author ? [author] : [] };
    },
  ],
  [
    'release',
    (record, { repository }, what) => {
      const release = parsePayload(ReleaseRecord, record, what);
      const repo = repository.full_name;
      const sourceTime = release.published_at ?? release.created_at ?? null;
      const title = release.name || release.tag_name;
      const snapshot: ItemSnapshot = {
        id: githubReleaseId(repo, release.tag_name),
        platform: 'github',
        kind: 'release',
        title: `${repo} ${title}`,
        body: release.body ?? '',
        url: release.html_url,
        state: release.draft ? 'draft' : release.prerelease ? 'prerelease' : 'published',
        container: repo,
        parentId: null,
        author: release.author ? observedGithubIdentity(release.author).identity : null,
        createdAt: release.created_at ? isoTime(release.created_at) : null,
        updatedAt: sourceTime ? isoTime(sourceTime) : null,
        // A webhook versions a release edit by its arrival, later than this: the webhook's state stays.
        version: sourceTime ? versionAt(sourceTime) : 0,
      };
      return facts(snapshot, [release.author]);
    },
  ],
]);

/** The API resources the GitHub backfill stores. */
export const GITHUB_RECORD_RESOURCES = [...RECORDS.keys()];

function facts(snapshot: ItemSnapshot, people: readonly (z.infer<typeof GithubUser> | null | undefined)[]): GithubFacts {
  const identities: ObservedIdentity[] = people.filter((user) => user != null).map((user) => observedGithubIdentity(user));
  const items: ItemChange[] = [{ type: 'item.observed', data: { item: snapshot } }];
  return {
    outcome: 'facts',
    occurredAt: snapshot.updatedAt ?? snapshot.createdAt ?? new Date(0).toISOString(),
    identities,
    items,
    activities: [],
  };
}

function requireThread(thread: z.infer<typeof Thread> | undefined, what: string): z.infer<typeof Thread> {
  if (!thread)
    throw new IngestError('INVALID_PAYLOAD', `${what} is invalid: context.thread is missing (the issue or pull request it is on)`);
  return thread;
}

/**
 * A `PIPE_RAW` record a GitHub backfill wrote (`resource` from its `pipe-sync-resource` header),
 * as events: the snapshot, the people it names and its repository (thinly, like every delivery).
 */
export function normalizeGithubRecord(delivery: GithubDelivery, resource: string): NormalizeResult {
  if (resource === REMOVED_RESOURCE) return normalizeRemovedRecord(delivery, 'github');
  const what = `the github ${resource} record of ${delivery.deliveryId}`;
  const normalize = RECORDS.get(resource);
  if (!normalize)
    return { outcome: 'skipped', event: resource, action: null, reason: `github API resource '${resource}' is not normalised` };
  const stored = parsePayload(StoredRecord, delivery.payload, what);
  const result = normalize(stored.record, stored.context, what);
  const sighting = githubContainer({ ...delivery, payload: { repository: stored.context.repository } });
  return { outcome: 'events', events: assembleEvents(delivery, withContainer(result, sighting)) };
}
