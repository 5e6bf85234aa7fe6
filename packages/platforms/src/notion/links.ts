import type { ItemLink, PlatformLinks } from '../item-links.js';
import { dashedUuid, notionPageId } from './ids.js';

const ENDING_ID = /([0-9a-f]{32})$/i;

/**
 * What a Notion URL names: the page or database whose id the path ends with (`Title-<id>`,
 * written with or without dashes), or else the id its query or fragment ends with (`?p=<id>`).
 * A link does not say whether it is a page or a database: the lookup takes any kind with that id,
 * an edge points at the page.
 */
function parseNotionUrl(url: URL): ItemLink | null {
  const hex = (ENDING_ID.exec(url.pathname.replace(/-/g, '')) ?? ENDING_ID.exec(url.search) ?? ENDING_ID.exec(url.hash))?.[1]?.toLowerCase();
  if (!hex) return null;
  const dashed = dashedUuid(hex);
  return { ref: notionPageId(dashed), ids: [], refs: [], idPatterns: [`notion:%:${dashed}`, `notion:%:${hex}`] };
}

/** Notion's links: pages and databases on notion.so and public notion.site pages. */
export const notionLinks: PlatformLinks = {
  ownsHost: (host) => host === 'notion.so' || host.endsWith('.notion.so') || host.endsWith('.notion.site'),
  parse: parseNotionUrl,
  inText: {
    rule: 'notion-url',
    hint: 'notion.',
    pattern: /https?:\/\/(?:www\.)?notion\.(?:so|site)\/[^\s)>\]]*?[0-9a-f]{32}(?![0-9a-f])/g,
  },
};

/** The page (or database) a person opens: Notion's URLs carry the id without its dashes. */
export const notionUrl = (id: string): string => `https://www.notion.so/${id.replaceAll('-', '')}`;
