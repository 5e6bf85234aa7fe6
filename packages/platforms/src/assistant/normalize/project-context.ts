import type { IdentityRef, ItemSnapshot } from '@pipe/events';
import { githubRepositoryId } from '../../github/ids.js';
import { githubRepoOfRemote } from '../../github/links.js';
import type { ContainerSighting } from '../../kit/container.js';
import { assistantProjectId } from '../ids.js';

/** Where a session ran and who ran it, from the hook input and the headers the hook command adds. */
export interface ProjectContext {
  /** `owner/repo` from the git remote when known, else the working directory's name. */
  project: string;
  /** `owner/repo` on GitHub, when the remote is on GitHub (commits can then be linked). */
  githubRepo: string | null;
  /** The full `HEAD` sha the hook command reported, when it did. */
  head: string | null;
  /** Who ran the assistant (`X-Pipe-User`, e.g. their git email), when the hook command said. */
  actor: IdentityRef | null;
  /** A display name for the assistant (`Claude Code` unless `X-Pipe-Assistant` names another). */
  assistant: string;
}

const REMOTE = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^:/]+)(?::\d+)?[:/](.+?)(?:\.git)?\/?$/i;

/** `owner/repo` and host from a git remote URL (`git@github.com:octo/demo.git`, `https://github.com/octo/demo`). */
export function parseGitRemote(remote: string): { host: string; path: string } | null {
  const match = REMOTE.exec(remote.trim());
  if (!match?.[1] || !match[2]) return null;
  const path = match[2].replace(/^\/+/, '');
  return /^[^/\s]+\/[^\s]+$/.test(path) ? { host: match[1].toLowerCase(), path } : null;
}

/** The project context of a delivery. */
export function projectContext(headers: Readonly<Record<string, string>>, cwd: string | undefined): ProjectContext {
  const remote = headers['x-pipe-git-remote'] ? parseGitRemote(headers['x-pipe-git-remote']) : null;
  const base = cwd?.replace(/\/+$/, '').split('/').pop();
  const head = headers['x-pipe-git-head']?.trim().toLowerCase();
  const user = headers['x-pipe-user']?.trim();
  const name = headers['x-pipe-assistant']?.trim();
  return {
    project: remote?.path ?? (base || 'unknown-project'),
    githubRepo: remote && githubRepoOfRemote(remote),
    head: head && /^[0-9a-f]{40}$/.test(head) ? head : null,
    actor: user ? { platform: 'assistant', externalId: user, handle: user } : null,
    assistant: !name || name === 'claude-code' ? 'Claude Code' : name,
  };
}

/** A path relative to the working directory when inside it, else as given. */
export function relativePath(path: string, cwd: string | undefined): string {
  if (cwd) {
    const root = cwd.endsWith('/') ? cwd : `${cwd}/`;
    if (path.startsWith(root)) return path.slice(root.length);
  }
  return path;
}

/**
 * What holds a session's items (the session, its files and prompts): the GitHub repository when
 * the hook command's git remote is on GitHub — the source states it, so they are PART_OF
 * `github:repository:<owner/repo>` —, else the project itself (`assistant:project:<project>`).
 */
export function projectContainer(context: ProjectContext): Pick<ItemSnapshot, 'container' | 'containerPlatform'> {
  return context.githubRepo ? { container: context.githubRepo, containerPlatform: 'github' } : { container: context.project };
}

/**
 * The container of {@link projectContainer} as a sighting: the remote names the repository by its
 * key alone, so any GitHub delivery's richer sighting (with the description) wins over it.
 */
export function projectSighting(context: ProjectContext): ContainerSighting {
  if (context.githubRepo) {
    return {
      id: githubRepositoryId(context.githubRepo),
      platform: 'github',
      kind: 'repository',
      title: context.githubRepo,
      url: `https://github.com/${context.githubRepo}`,
      keyOnly: true,
    };
  }
  return { id: assistantProjectId(context.project), platform: 'assistant', kind: 'project', title: context.project, keyOnly: true };
}
