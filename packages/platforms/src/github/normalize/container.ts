import { z } from 'zod';
import type { ContainerSighting } from '../../kit/container.js';
import { githubRepositoryId } from '../ids.js';
import type { GithubDelivery } from './github-delivery.js';

const NamesRepository = z.looseObject({
  repository: z.looseObject({ full_name: z.string().min(1), html_url: z.string().nullish(), description: z.string().nullish() }),
});

/**
 * The repository a delivery's payload names (every repository event carries its `repository`
 * object), as a container sighting; null when the payload names none.
 */
export function githubContainer(delivery: GithubDelivery): ContainerSighting | null {
  const parsed = NamesRepository.safeParse(delivery.payload);
  if (!parsed.success) return null;
  const { full_name, html_url, description } = parsed.data.repository;
  return {
    id: githubRepositoryId(full_name),
    platform: 'github',
    kind: 'repository',
    title: full_name,
    body: description ?? '',
    url: html_url ?? `https://github.com/${full_name}`,
  };
}
