import { type DerivedEdge, type PlatformModule, identityRef, snippetAround } from '@pipe/platforms';

/** MENTIONS of people, in the mention markup of the item's own platform (its module's `mentions`). */
export function deriveMentions(module: PlatformModule | undefined, text: string): DerivedEdge[] {
  const edges: DerivedEdge[] = [];
  if (!module?.mentions) return edges;
  for (const rule of module.mentions) {
    if (!text.includes(rule.hint)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      edges.push({
        type: 'MENTIONS',
        toRef: identityRef(module.name, match[1] as string),
        origin: 'text',
        rule: rule.name,
        snippet: snippetAround(text, match.index ?? 0, match[0].length, 30),
      });
    }
  }
  return edges;
}
