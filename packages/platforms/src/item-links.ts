/**
 * What a link to a platform names, as far as the link alone tells. One parser per platform gives
 * this, read by the projector (edges to pasted links) and the gateway (finding the item a URL names).
 */
export interface ItemLink {
  /**
   * The reference (what `itemRef` gives the item) a derived edge to the linked item points at, when
   * the link says which item it is; null when it does not (a channel, an abbreviated commit).
   */
  ref: string | null;
  /** Ids the link names exactly. */
  ids: string[];
  /** References it may name (a link that does not say which of several kinds: `/issues/7` may be a PR). */
  refs: string[];
  /** SQL LIKE patterns over the id, for a link that leaves part of the id out (`%` and `_` in URL parts escaped). */
  idPatterns: string[];
  /**
   * Patterns over the id of items inside a given one, for a link that abbreviates an id that is
   * only unique there (Linear's `#comment-1e7c0de1` is the first digits of a comment's id, among
   * the comments of `linear:issue:ENG-44`).
   */
  childPatterns?: ChildPattern[];
  /**
   * For a link to something inside another item (a comment, review or reply on an issue, pull
   * request, commit or thread): what names that other item. A lookup never answers it in place of
   * the named item; when the named one is not stored, it can say which item it is on.
   */
  within?: ItemNames;
}

/** Items whose parent is `parentId` and whose id matches `idPattern` (a SQL LIKE pattern). */
export interface ChildPattern {
  parentId: string;
  idPattern: string;
}

/** What names an item: exact ids, or references (`itemRef`'s). */
export interface ItemNames {
  ids: string[];
  refs: string[];
}

/** How text names a link of the platform, as users paste them. */
export interface LinkInText {
  /** The rule's name, for provenance (`github-url`). */
  rule: string;
  /** A substring every link contains: the pattern is not run when it is absent. */
  hint: string;
  /** A global pattern matching the link (what the parser reads; the match is the edge's snippet). */
  pattern: RegExp;
}

/** A platform's links: which URLs are its own, what they name, and how text contains them. */
export interface PlatformLinks {
  /** True when the URL's host (lowercase) is one of the platform's. */
  ownsHost(host: string): boolean;
  /** For self-hosted installs: true when a URL on a host no platform owns is still this platform's (Jira's `/browse/KEY`). */
  ownsPath?(url: URL): boolean;
  /** What the URL names; null when it names nothing Pipe stores. */
  parse(url: URL): ItemLink | null;
  /** How the links appear in text; the projector parses each match with {@link parse}. */
  inText: LinkInText;
}

/** The `ItemLink` of a link that names nothing more than its URL. */
export const emptyLink = (): ItemLink => ({ ref: null, ids: [], refs: [], idPatterns: [] });

/** `text` escaped for a SQL LIKE pattern. */
export const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
