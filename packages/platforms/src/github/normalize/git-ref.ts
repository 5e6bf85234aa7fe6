import type { ItemSnapshot } from '@pipe/events';
import { z } from 'zod';
import type { SkippedDelivery } from '../../kit/ingest-platform.js';
import { skipped, type GithubDelivery } from './github-delivery.js';
import type { GithubFacts } from './github-facts.js';
import { GithubUser } from './github-schemas.js';
import { versionAt } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { activitySummary } from './summary.js';
import { githubRefId } from '../ids.js';

const GitRefPayload = z.looseObject({
  ref: z.string().min(1),
  ref_type: z.string().min(1),
  description: z.string().nullish(),
  repository: z.looseObject({ full_name: z.string().min(1), html_url: z.string() }),
  sender: GithubUser,
});

/**
 * A `create` or `delete` delivery: a branch or tag appeared or went away. The payload has no time
 * of its own, so the delivery's arrival versions it (a later delete outranks the create).
 */
export function normalizeGitRef(delivery: GithubDelivery): GithubFacts | SkippedDelivery {
  const { ref, ref_type: refType, description, repository, sender } = parseGithubPayload(GitRefPayload, delivery);
  if (refType !== 'branch' && refType !== 'tag') return skipped(delivery, `github '${delivery.event}' of a '${refType}' is not normalised`);
  const repo = repository.full_name;
  const id = githubRefId(refType, repo, ref);
  const version = versionAt(delivery.receivedAt);
  const created = delivery.event === 'create';
  const snapshot: ItemSnapshot = {
    id,
    platform: 'github',
    kind: refType,
    title: `${repo} ${refType} ${ref}`,
    body: description ?? '',
    url: `${repository.html_url}/${refType === 'branch' ? 'tree' : 'releases/tag'}/${ref}`,
    state: null,
    container: repo,
    parentId: null,
    author: githubIdentityRef(sender),
    createdAt: delivery.receivedAt,
    updatedAt: delivery.receivedAt,
    version,
  };
  const verb = created ? 'created' : 'deleted';
  return {
    outcome: 'facts',
    occurredAt: delivery.receivedAt,
    identities: [observedGithubIdentity(sender)],
    items: [
      created
        ? { type: 'item.observed', data: { item: snapshot } }
        : { type: 'item.removed', data: { itemId: id, platform: 'github', kind: refType, version } },
    ],
    activities: [
      { itemId: id, verb, actor: githubIdentityRef(sender), summary: activitySummary(sender.login, verb, `${refType} ${ref} in ${repo}`) },
    ],
  };
}
