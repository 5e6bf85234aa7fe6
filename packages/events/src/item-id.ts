import type { ItemKind } from './item-kind.js';
import type { Platform } from './platform.js';

/**
 * Item ids are deterministic and readable: `<platform>:<kind>:<natural key>`, e.g.
 * `github:issue:octo/demo#7`, `jira:issue:ACME-12`, `slack:message:T1/C2/1700000000.000100`.
 * The same source object always gets the same id, so a replay produces the same graph. Each
 * platform's module (`@pipe/platforms`) builds its ids with this and says how its items are
 * referred to (`itemRef`).
 */
export function itemId(platform: Platform, kind: ItemKind, naturalKey: string): string {
  return `${platform}:${kind}:${naturalKey}`;
}

/**
 * How items name the repository, channel, project, space or database that holds them: an item's
 * `container` is that container item's natural key (`octo/demo` for `github:repository:octo/demo`,
 * `T1/C2` for `slack:channel:T1/C2`), so both meet at `container:<platform>:<key>`.
 */
export const containerRef = (platform: string, container: string): string => `container:${platform}:${container}`;

/** The `pipe://items/...` resource URI of an item, as the gateway serves it. */
export const itemUri = (id: string): string => `pipe://items/${encodeURIComponent(id)}`;
