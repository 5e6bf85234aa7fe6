import { type DerivedEdge, type MentionRule, type OwnReferencesRule, snippetAround, sourceText } from '../text-edges.js';
import { githubNumberRef } from './ids.js';

// Every candidate starts at a `#` followed by digits: find those first (cheap), then look back a
// little for a repository and a closing keyword, instead of trying the full patterns at every
// position of long bodies.
const HASH_NUMBER = /#(\d+)\b/g;
// `octo/demo` right before the `#`.
const REPO_BEFORE = /(?:^|[^\w/.-])([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)$/;
// GitHub's closing keywords (docs: "Linking a pull request to an issue"), right before the ref.
const CLOSING_BEFORE = /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+$/i;
const LOOK_BACK = 120;

/**
 * The references a GitHub item's text makes to issues and pull requests: `fixes #N` (and the
 * other closing keywords) become CLOSES, any other `#N` or `owner/repo#N` REFERENCES. A bare `#N`
 * means the item's own repository; a `#` inside a word, a path or a URL (`abc#7`, `/#7`,
 * `page#3`) is not a reference. An item never refers to itself, and each target appears once per
 * type (CLOSES wins over REFERENCES).
 */
export const deriveGithubReferences: OwnReferencesRule = (item, selfRef) => {
  const text = sourceText(item);
  if (!text.includes('#')) return [];
  const closes = new Map<string, DerivedEdge>();
  const references = new Map<string, DerivedEdge>();
  for (const match of text.matchAll(HASH_NUMBER)) {
    const index = match.index ?? 0;
    const before = text.slice(Math.max(0, index - LOOK_BACK), index);
    const repoMatch = REPO_BEFORE.exec(before);
    const previous = before.at(-1);
    if (!repoMatch && previous !== undefined && /[\w/#.-]/.test(previous)) continue;
    const targetRepo = repoMatch?.[1] ?? item.container;
    if (!targetRepo) continue;
    const toRef = githubNumberRef(targetRepo, Number(match[1]));
    if (toRef === selfRef) continue;
    const prefix = repoMatch ? before.slice(0, before.length - (repoMatch[1] as string).length) : before;
    const closing = CLOSING_BEFORE.exec(prefix);
    if (closing) {
      if (!closes.has(toRef))
        closes.set(toRef, {
          type: 'CLOSES',
          toRef,
          origin: 'text',
          rule: 'github-closing-keyword',
          snippet: `${closing[0]}${repoMatch?.[1] ?? ''}${match[0]}`,
        });
    } else if (!references.has(toRef)) {
      references.set(toRef, {
        type: 'REFERENCES',
        toRef,
        origin: 'text',
        rule: repoMatch ? 'github-repo-number' : 'github-number',
        snippet: snippetAround(text, index, match[0].length),
      });
    }
  }
  for (const toRef of closes.keys()) references.delete(toRef);
  return [...closes.values(), ...references.values()];
};

/** `@octocat`, not an email (`a@b.c`), not a team (`@org/team`), not a decorator inside code. */
export const githubMentions: readonly MentionRule[] = [
  { name: 'github-at-mention', hint: '@', pattern: /(?<![\w@.`/])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![\w/-])/g },
];
