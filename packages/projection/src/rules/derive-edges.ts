import { type ItemSnapshot, containerRef } from '@pipe/events';
import { type DerivedEdge, TEXT_KEY_RULES, findPlatformModule, identityRefOf, itemRef, sourceText } from '@pipe/platforms';
import { deriveMentions } from './mentions.js';
import { deriveUrlReferences } from './url-references.js';

/** Kinds whose parent is the thing they answer (a comment on an issue, a reply in a thread). */
const REPLY_KINDS = new Set(['comment', 'review', 'message', 'thread']);
/** Kinds that are containers themselves. */
const CONTAINER_KINDS = new Set(['repository', 'channel', 'project', 'team', 'database', 'space']);

/**
 * Every edge an item implies: from the text its source wrote (references, closing keywords, links,
 * mentions; never a title Pipe composed) and from its structure (the thread or issue it replies
 * to, its container, its author). Each target appears once per edge type (the stronger reading
 * wins: CLOSES over REFERENCES), and an item never points at itself. The text rules are the platform modules' (the registry lists them: the
 * item's own platform's references and mentions, every platform's links and keys), run here, in the
 * projector, so better rules plus a replay upgrade the whole graph.
 */
export function deriveEdges(item: ItemSnapshot): DerivedEdge[] {
  const self = itemRef(item.id);
  // Only what the source wrote: a title Pipe composed (`Comment on ACME-12: …`) states nothing.
  const text = sourceText(item);
  const own = findPlatformModule(item.platform);
  const candidates: DerivedEdge[] = [
    ...(own?.references?.(item, self) ?? []),
    ...deriveUrlReferences(text),
    ...TEXT_KEY_RULES.flatMap((rule) => rule(text)),
    ...deriveMentions(own, text),
  ];
  if (item.parentId && REPLY_KINDS.has(item.kind)) {
    candidates.push({ type: 'REPLIES_TO', toRef: itemRef(item.parentId), origin: 'structure', rule: 'parent', snippet: null });
  }
  if (item.container && !CONTAINER_KINDS.has(item.kind)) {
    candidates.push({
      type: 'PART_OF',
      toRef: containerRef(item.containerPlatform ?? item.platform, item.container),
      origin: 'structure',
      rule: 'container',
      snippet: null,
    });
  }
  if (item.author) {
    candidates.push({ type: 'AUTHORED_BY', toRef: identityRefOf(item.author), origin: 'structure', rule: 'author', snippet: null });
  }

  const closed = new Set(candidates.filter((e) => e.type === 'CLOSES').map((e) => e.toRef));
  const seen = new Set<string>();
  const edges: DerivedEdge[] = [];
  for (const edge of candidates) {
    const key = `${edge.type} ${edge.toRef}`;
    if (edge.toRef === self || seen.has(key)) continue;
    if (edge.type === 'REFERENCES' && closed.has(edge.toRef)) continue;
    seen.add(key);
    edges.push(edge);
  }
  return edges;
}
