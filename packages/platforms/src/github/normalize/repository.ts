import type { ItemSnapshot } from '@pipe/events';
import { githubRepositoryId } from '../ids.js';
import { z } from 'zod';
import type { GithubDelivery } from './github-delivery.js';
import type { GithubFacts, ItemChange } from './github-facts.js';
import { GithubAction, GithubUser } from './github-schemas.js';
import { isoTime, versionAfter } from './github-time.js';
import { githubIdentityRef, observedGithubIdentity } from './identity.js';
import { parseGithubPayload } from './github-delivery.js';
import { activitySummary } from './summary.js';

// Repository times are ISO strings in `repository` events (push payloads use epoch seconds).
const RepositoryTime = z.union([z.string(), z.number()]).nullish();

const RepositoryPayload = z.looseObject({
  action: GithubAction,
  repository: z.looseObject({
    full_name: z.string().min(1),
    name: z.string().min(1),
    description: z.string().nullish(),
    html_url: z.string(),
    private: z.boolean().nullish(),
    archived: z.boolean().nullish(),
    owner: GithubUser.nullish(),
    created_at: RepositoryTime,
    updated_at: RepositoryTime,
  }),
  changes: z.looseObject({ repository: z.looseObject({ name: z.looseObject({ from: z.string() }).nullish() }).nullish() }).nullish(),
  sender: GithubUser,
});

const asIso = (time: string | number | null | undefined): string | null =>
  time === null || time === undefined ? null : isoTime(typeof time === 'number' ? new Date(time * 1000).toISOString() : time);

/**
 * A `repository` delivery: the repository as an item (the container its issues, pull requests
 * and commits name), or its removal. A rename also removes the old name's item. Versioned by the
 * later of `updated_at` and the arrival, since archiving or publicising does not always move
 * `updated_at`.
 */
export function normalizeRepository(delivery: GithubDelivery): GithubFacts {
  const { action, repository, changes, sender } = parseGithubPayload(RepositoryPayload, delivery);
  const repo = repository.full_name;
  const id = githubRepositoryId(repo);
  const version = versionAfter(asIso(repository.updated_at), delivery.receivedAt);
  const snapshot: ItemSnapshot = {
    id,
    platform: 'github',
    kind: 'repository',
    title: repo,
    body: repository.description ?? '',
    url: repository.html_url,
    state: repository.archived ? 'archived' : repository.private ? 'private' : 'public',
    container: null,
    parentId: null,
    author: repository.owner ? githubIdentityRef(repository.owner) : null,
    createdAt: asIso(repository.created_at),
    updatedAt: asIso(repository.updated_at),
    version,
  };
  const items: ItemChange[] = [
    action === 'deleted'
      ? { type: 'item.removed', data: { itemId: id, platform: 'github', kind: 'repository', version } }
      : { type: 'item.observed', data: { item: snapshot } },
  ];
  const oldName = changes?.repository?.name?.from;
  if (action === 'renamed' && oldName && oldName !== repository.name) {
    const oldRepo = `${repo.slice(0, repo.lastIndexOf('/'))}/${oldName}`;
    items.push({ type: 'item.removed', data: { itemId: githubRepositoryId(oldRepo), platform: 'github', kind: 'repository', version } });
  }
  const identities = [observedGithubIdentity(sender)];
  if (repository.owner) identities.push(observedGithubIdentity(repository.owner));
  return {
    outcome: 'facts',
    occurredAt: delivery.receivedAt,
    identities,
    items,
    activities: [
      { itemId: id, verb: action, actor: githubIdentityRef(sender), summary: activitySummary(sender.login, action, `repository ${repo}`) },
    ],
  };
}
