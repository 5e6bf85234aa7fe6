import { type DerivedEdge, PLATFORM_LINKS, snippetAround } from '@pipe/platforms';

/**
 * REFERENCES for every platform item link in the text: each platform module says how its links
 * appear in text, and its URL parser (the one the gateway's lookups use) says what each names.
 */
export function deriveUrlReferences(text: string): DerivedEdge[] {
  const edges: DerivedEdge[] = [];
  if (!text.includes('://')) return edges;
  for (const links of PLATFORM_LINKS) {
    const { rule, hint, pattern } = links.inText;
    if (!text.includes(hint)) continue;
    for (const match of text.matchAll(pattern)) {
      const toRef = refOfLink(links.parse, match[0]);
      if (toRef)
        edges.push({
          type: 'REFERENCES',
          toRef,
          origin: 'text',
          rule,
          snippet: snippetAround(text, match.index ?? 0, match[0].length, 20),
        });
    }
  }
  return edges;
}

function refOfLink(parse: (url: URL) => { ref: string | null } | null, link: string): string | null {
  try {
    return parse(new URL(link))?.ref ?? null;
  } catch {
    return null; // not a URL after all
  }
}
