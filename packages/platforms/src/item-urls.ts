import { type ItemLink, type PlatformLinks, emptyLink } from './item-links.js';
import { PLATFORMS } from './registry.js';
import type { TextKeysRule } from './text-edges.js';

/** Every platform's links, in registry order. */
export const PLATFORM_LINKS: readonly PlatformLinks[] = PLATFORMS.flatMap((module) => (module.links ? [module.links] : []));

/** The rules for item names any text may contain (`ACME-12`), each once even when platforms share it. */
export const TEXT_KEY_RULES: readonly TextKeysRule[] = [
  ...new Set(PLATFORMS.flatMap((module) => (module.textKeys ? [module.textKeys] : []))),
];

/**
 * What a platform URL names, read by the platform whose host it is (or, for self-hosted installs,
 * whose path it has); null when the text is not an http(s) URL. An unrecognised URL of a known
 * host, or a URL of no platform's, names nothing but itself: an empty {@link ItemLink}, so a
 * lookup can still try the items' own `url`.
 */
export function parseItemUrl(text: string): ItemLink | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase();
  const links =
    PLATFORM_LINKS.find((candidate) => candidate.ownsHost(host)) ?? PLATFORM_LINKS.find((candidate) => candidate.ownsPath?.(url));
  return links?.parse(url) ?? emptyLink();
}
