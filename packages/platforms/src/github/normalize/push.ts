import type { ItemSnapshot } from '@pipe/events';
import { githubCommitId } from '../ids.js';
import { z } from 'zod';
import type { SkippedDelivery } from '../../kit/ingest-platform.js';
import { skipped, type GithubDelivery } from './github-delivery.js';
import type { GithubFacts, ObservedIdentity } from './github-facts.js';
import { GithubRepository, GithubTimestamp, GithubUser } from './github-schemas.js';
import { isoTime, versionAt } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { activitySummary } from './summary.js';

const GithubPushCommit = z.looseObject({
  id: z.string().min(1),
  message: z.string(),
  timestamp: GithubTimestamp,
  url: z.string(),
  // Git's author: a name and email, and the GitHub login when GitHub could match the email.
  author: z.looseObject({
    name: z.string().nullish(),
    email: z.string().nullish(),
    username: z.string().nullish(),
  }),
});
type GithubPushCommit = z.infer<typeof GithubPushCommit>;

const PushPayload = z.looseObject({
  ref: z.string().min(1),
  commits: z.array(GithubPushCommit),
  head_commit: z.looseObject({ timestamp: GithubTimestamp }).nullish(),
  repository: GithubRepository,
  sender: GithubUser,
});

/**
 * A push author's identity. Push payloads name commit authors by login at best, never by the
 * numeric id Pipe keys people on, so only an author who is the sender (whose id the payload
 * carries) can be named; any other author is left null rather than keyed inconsistently.
 */
function commitAuthor(commit: GithubPushCommit, sender: GithubUser): ObservedIdentity | null {
  if (commit.author.username !== sender.login) return null;
  return observedGithubIdentity(sender, { name: commit.author.name, email: commit.author.email });
}

function commitSnapshot(repo: string, commit: GithubPushCommit, author: ObservedIdentity | null): ItemSnapshot {
  const time = isoTime(commit.timestamp);
  return {
    id: githubCommitId(repo, commit.id),
    platform: 'github',
    kind: 'commit',
    title: commit.message.split(/\r?\n/, 1)[0] ?? '',
    body: commit.message,
    url: commit.url,
    state: null,
    container: repo,
    parentId: null,
    author: author?.identity ?? null,
    createdAt: time,
    updatedAt: time,
    version: versionAt(commit.timestamp),
  };
}

/** `refs/heads/main` → `main`, `refs/tags/v1` → `v1`. */
function refName(ref: string): string {
  return ref.replace(/^refs\/(?:heads|tags)\//, '');
}

/**
 * A `push` delivery: one snapshot and one `pushed` activity per commit, in GitHub's order
 * (oldest first). A push without commits (a branch or tag created at, or deleted from, an
 * existing commit) is skipped: it adds nothing Pipe has an item kind for.
 */
export function normalizePush(delivery: GithubDelivery): GithubFacts | SkippedDelivery {
  const { ref, commits, head_commit: headCommit, repository, sender } = parseGithubPayload(PushPayload, delivery);
  if (commits.length === 0) return skipped(delivery, `github push to ${ref} carries no commits`);

  const repo = repository.full_name;
  const facts: GithubFacts = {
    outcome: 'facts',
    occurredAt: headCommit ? isoTime(headCommit.timestamp) : delivery.receivedAt,
    identities: [observedGithubIdentity(sender)],
    items: [],
    activities: [],
  };
  for (const commit of commits) {
    const author = commitAuthor(commit, sender);
    const snapshot = commitSnapshot(repo, commit, author);
    if (author) facts.identities.push(author);
    facts.items.push({ type: 'item.observed', data: { item: snapshot } });
    facts.activities.push({
      itemId: snapshot.id,
      verb: 'pushed',
      actor: githubIdentityRef(sender),
      summary: activitySummary(sender.login, 'pushed', `${commit.id.slice(0, 7)} to ${repo} (${refName(ref)})`, snapshot.title),
    });
  }
  return facts;
}
