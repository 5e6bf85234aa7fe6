import { type IdentityRef, containerRef } from '@pipe/events';
import { findPlatformModule } from './registry.js';

// `document` is a Notion database's id (`notion:document:<uuid>`, kept from before databases had their own kind).
const CONTAINER = /^([a-z]+):(?:repository|channel|project|team|space|database|document):(.+)$/;

/**
 * The key other items use to refer to this one, when text can name it without knowing exactly
 * what it is. Each platform's module says how its items are referred to (`itemRef`): GitHub
 * issues and pull requests by number (`github:owner/repo#7`, whichever of the two exists), Jira
 * and Linear issues by key (`key:ACME-12`), Slack messages as their permalinks name them
 * (`slack:C2/<ts>`). A container item (repository, channel, project, team, space, database) is
 * `container:<platform>:<key>` on every platform. Every other item's reference is its id.
 */
export function itemRef(id: string): string {
  const colon = id.indexOf(':');
  const own = colon > 0 ? findPlatformModule(id.slice(0, colon))?.itemRef?.(id) : null;
  if (own) return own;
  const container = CONTAINER.exec(id);
  if (container) return containerRef(container[1] as string, container[2] as string);
  return id;
}

/**
 * How edges name a person's identity on a platform: by login where the platform's module says
 * people are named by login (GitHub's `@mentions`, case-insensitive), by the platform's user id
 * elsewhere (what Slack's `<@U123>` and the trackers' mention markup use).
 */
export function identityRef(platform: string, key: string): string {
  return `identity:${platform}:${findPlatformModule(platform)?.identityKey === 'login' ? key.toLowerCase() : key}`;
}

/** The reference of an identity as an event carries it (an author, an actor): by login or user id, as its platform names people. */
export function identityRefOf(identity: Pick<IdentityRef, 'platform' | 'handle' | 'externalId'>): string {
  const byLogin = findPlatformModule(identity.platform)?.identityKey === 'login';
  return identityRef(identity.platform, byLogin ? (identity.handle ?? identity.externalId) : identity.externalId);
}
