import type { ItemSnapshot } from '@pipe/events';
import { z } from 'zod';
import type { GithubDelivery } from './github-delivery.js';
import type { GithubFacts } from './github-facts.js';
import { GithubAction, GithubRepository, GithubTimestamp, GithubUser } from './github-schemas.js';
import { isoTime, versionAfter } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { activitySummary } from './summary.js';
import { githubReleaseId } from '../ids.js';

/** A release as the webhook and the REST API both give it. */
export const GithubRelease = z.looseObject({
  tag_name: z.string().min(1),
  name: z.string().nullish(),
  body: z.string().nullish(),
  html_url: z.string(),
  draft: z.boolean().nullish(),
  prerelease: z.boolean().nullish(),
  author: GithubUser.nullish(),
  created_at: GithubTimestamp.nullish(),
  published_at: GithubTimestamp.nullish(),
});

const ReleasePayload = z.looseObject({
  action: GithubAction,
  release: GithubRelease,
  repository: GithubRepository,
  sender: GithubUser,
});

/**
 * A `release` delivery: the release (or its removal) and what the sender did. Release payloads
 * carry no `updated_at`, so an edit is versioned by its arrival: the later of the release's
 * publication and the delivery's arrival.
 */
export function normalizeRelease(delivery: GithubDelivery): GithubFacts {
  const { action, release, repository, sender } = parseGithubPayload(ReleasePayload, delivery);
  const repo = repository.full_name;
  const id = githubReleaseId(repo, release.tag_name);
  const sourceTime = release.published_at ?? release.created_at ?? null;
  const version = versionAfter(sourceTime, delivery.receivedAt);
  const title = release.name || release.tag_name;
  const snapshot: ItemSnapshot = {
    id,
    platform: 'github',
    kind: 'release',
    title: `${repo} ${title}`,
    body: release.body ?? '',
    url: release.html_url,
    state: release.draft ? 'draft' : release.prerelease ? 'prerelease' : 'published',
    container: repo,
    parentId: null,
    author: release.author ? githubIdentityRef(release.author) : null,
    createdAt: release.created_at ? isoTime(release.created_at) : null,
    updatedAt: sourceTime ? isoTime(sourceTime) : null,
    version,
  };
  const identities = [observedGithubIdentity(sender)];
  if (release.author) identities.push(observedGithubIdentity(release.author));
  return {
    outcome: 'facts',
    occurredAt: action === 'deleted' || action === 'edited' || !sourceTime ? delivery.receivedAt : isoTime(sourceTime),
    identities,
    items: [
      action === 'deleted'
        ? { type: 'item.removed', data: { itemId: id, platform: 'github', kind: 'release', version } }
        : { type: 'item.observed', data: { item: snapshot } },
    ],
    activities: [
      {
        itemId: id,
        verb: action,
        actor: githubIdentityRef(sender),
        summary: activitySummary(sender.login, action, `release ${repo}@${release.tag_name}`, title),
      },
    ],
  };
}
