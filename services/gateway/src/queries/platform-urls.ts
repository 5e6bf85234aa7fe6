import { type ChildPattern, type ItemNames, parseItemUrl } from '@pipe/platforms';

/**
 * What a platform URL can name, most specific first: an exact item id, a reference (`ref`, for
 * links that do not say which of several kinds they name), or an id pattern (for URLs that leave
 * part of the id out, such as a Slack link without the workspace id or an abbreviated commit).
 * The item's own `url` column is always tried as well, so any platform whose URLs are not
 * understood still resolves when the URL is the item's canonical one.
 */
export interface UrlLookup {
  ids: string[];
  refs: string[];
  /** SQL LIKE patterns over the id (`%` and `_` in the URL parts are escaped). */
  idPatterns: string[];
  /** Patterns over the ids of one item's children (Linear's `#comment-1e7c0de1` among an issue's comments). */
  childPatterns?: ChildPattern[];
  /**
   * For a URL of something inside another item (a comment on an issue): that item. Never looked
   * up in place of the named one; it only tells a caller where the missing item would be.
   */
  within?: ItemNames;
}

/**
 * How to find the item a platform URL names, as the platform's module parses it, or null when the
 * text is not an http(s) URL. An unrecognised URL of a known host still returns a lookup (empty),
 * so the `url` column is tried.
 */
export function lookupForUrl(text: string): UrlLookup | null {
  const link = parseItemUrl(text);
  if (link === null) return null;
  const { ids, refs, idPatterns, childPatterns, within } = link;
  return { ids, refs, idPatterns, ...(childPatterns?.length ? { childPatterns } : {}), ...(within ? { within } : {}) };
}
