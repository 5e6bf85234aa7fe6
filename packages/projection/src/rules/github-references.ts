import { type ItemSnapshot, githubNumberRef } from '@pipe/events';
import { type DerivedEdge, snippetAround } from './derived-edge.js';


// GitHub's closing keywords (docs: "Linking a pull request to an issue").
const CLOSING = '(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)';
const REPO = '[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+';
// `fixes #7`, `Closes: octo/demo#7`; the number must not run into a longer word.
const CLOSES_PATTERN = new RegExp(`\\b${CLOSING}:?\\s+(${REPO})?#(\\d+)\\b`, 'gi');
// `#7` or `octo/demo#7`, not inside a word or URL fragment (`abc#7`, `/#7`).
const NUMBER_PATTERN = new RegExp(`(?<![\\w/#.-])(${REPO})?#(\\d+)\\b`, 'g');

/**
 * The references a GitHub item's text makes to issues and pull requests: `fixes #N` (and the
 * other closing keywords) become CLOSES, any other `#N` or `owner/repo#N` REFERENCES. A bare `#N`
 * means the item's own repository. An item never refers to itself, and each target appears once
 * per type.
 */
export function deriveGithubReferences(item: Pick<ItemSnapshot, 'title' | 'body' | 'container'>, selfRef: string): DerivedEdge[] {
  const repo = item.container;
  const text = `${item.title}\n${item.body}`;
  const edges = new Map<string, DerivedEdge>();
  const closed = new Set<string>();
  const add = (edge: DerivedEdge) => {
    const key = `${edge.type} ${edge.toRef}`;
    if (edge.toRef !== selfRef && !edges.has(key)) edges.set(key, edge);
  };

  for (const match of text.matchAll(CLOSES_PATTERN)) {
    const targetRepo = match[1] ?? repo;
    if (!targetRepo) continue;
    const toRef = githubNumberRef(targetRepo, Number(match[2]));
    closed.add(toRef);
    add({ type: 'CLOSES', toRef, origin: 'text', rule: 'github-closing-keyword', snippet: match[0] });
  }
  for (const match of text.matchAll(NUMBER_PATTERN)) {
    const targetRepo = match[1] ?? repo;
    if (!targetRepo) continue;
    const toRef = githubNumberRef(targetRepo, Number(match[2]));
    // "fixes #7" already says more than "#7".
    if (closed.has(toRef)) continue;
    add({ type: 'REFERENCES', toRef, origin: 'text', rule: match[1] ? 'github-repo-number' : 'github-number', snippet: snippetAround(text, match.index ?? 0, match[0].length) });
  }
  return [...edges.values()];
}
