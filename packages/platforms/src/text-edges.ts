import type { ItemSnapshot } from '@pipe/events';

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

/** The parts of an item its text rules read. */
export type TextItem = Pick<ItemSnapshot, 'title' | 'titleComposed' | 'body' | 'container'>;

/**
 * The text the source wrote for an item, the only text derived rules read: its title and body, or
 * its body alone when Pipe composed the title (a comment's `Comment on ACME-12: …` names its
 * parent, which the REPLIES_TO edge already says; a message's shortened first line may cut a key).
 */
export function sourceText(item: Pick<ItemSnapshot, 'title' | 'titleComposed' | 'body'>): string {
  return item.titleComposed ? item.body : `${item.title}\n${item.body}`;
}

/**
 * How a platform's own items write references in their markup (GitHub's `fixes #7`): read from
 * the text the source wrote ({@link sourceText}) of that platform's items only. `selfRef` is the item's own reference, which
 * it never points at.
 */
export type OwnReferencesRule = (item: TextItem, selfRef: string) => DerivedEdge[];

/** How a platform's own items mention a person (`@octocat`, `<@U024BE7LH>`): MENTIONS of `identity:<platform>:<key>`. */
export interface MentionRule {
  /** The rule's name, for provenance. */
  name: string;
  /** A substring every match contains: skip the rule when absent. */
  hint: string;
  /** A global pattern whose first group is the person's key on the platform. */
  pattern: RegExp;
}

/**
 * Names of a platform's items that any item's text may contain (Jira keys and Linear identifiers
 * such as `ACME-12`). Platforms that share a form share the rule object, so it runs once.
 */
export type TextKeysRule = (text: string) => DerivedEdge[];

/** The text around a match, for provenance. */
export function snippetAround(text: string, index: number, length: number, context = 40): string {
  const start = Math.max(0, index - context);
  const end = Math.min(text.length, index + length + context);
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}
