/** A relation the projector reads out of an item: its text or its structure. */
export interface DerivedEdge {
  type: 'CLOSES' | 'REFERENCES' | 'MENTIONS' | 'REPLIES_TO' | 'AUTHORED_BY' | 'PART_OF';
  /** The target's reference (see `itemRef`, `identityRef`, `containerRef`). */
  toRef: string;
  /** `text` when read from title/body, `structure` when from the item's fields. */
  origin: 'text' | 'structure';
  /** Which rule produced it, for provenance. */
  rule: string;
  /** The words that produced it (text edges). */
  snippet: string | null;
}

/** The text around a match, for provenance. */
export function snippetAround(text: string, index: number, length: number, context = 40): string {
  const start = Math.max(0, index - context);
  const end = Math.min(text.length, index + length + context);
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}
