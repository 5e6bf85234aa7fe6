import type { ItemLink, PlatformLinks } from '../item-links.js';
import { dashedUuid, notionPageId } from './ids.js';

const ENDING_ID = /([0-9a-f]{32})$/i;

/**
 * What a Notion URL names: the page or database whose id the path ends with (`Title-<id>`,
 * written with or without dashes), or else the one a peek link opens (`?p=<id>`). A link does not
 * say whether it is a page or a database: the lookup takes any kind with that id, an edge points
 * at the page. A block's link (`#<block id>`) and a discussion's (`?d=<discussion id>`) open the
 * page they are on: blocks are not items, and Notion's comment events name no discussion, so no
 * stored comment can be told apart by one.
 */
function parseNotionUrl(url: URL): ItemLink | null {
  const hex = [url.pathname, url.searchParams.get('p') ?? '']
    .map((part) => ENDING_ID.exec(part.replace(/-/g, ''))?.[1])
    .find((found) => found !== undefined)
    ?.toLowerCase();
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
