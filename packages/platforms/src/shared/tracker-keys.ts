import { type DerivedEdge, type TextKeysRule, snippetAround } from '../text-edges.js';

/**
 * The reference for a Jira key or Linear identifier (`ACME-12`). The two look alike, so text
 * naming one cannot tell which tracker holds it: both platforms' issues resolve through `key:<KEY>`.
 */
export const trackerKeyRef = (key: string): string => `key:${key.toUpperCase()}`;

/**
 * How other items refer to a tracker's issues (`<platform>:issue:ACME-12`): by key, `key:ACME-12`
 * (null for any other id of the platform). Jira and Linear each build theirs with this.
 */
export function trackerItemRef(platform: string): (id: string) => string | null {
  const issue = new RegExp(`^${platform}:issue:([A-Z][A-Z0-9_]*-\\d+)$`);
  return (id) => {
    const key = issue.exec(id);
    return key ? `key:${key[1]}` : null;
  };
}

// `ACME-12`, `ENG-42`: a project key (2-10 capitals/digits, starting with a letter) and a number,
// standing alone (not inside a word, a path or a longer identifier).
const KEY = /\b([A-Z][A-Z0-9]{1,9})-(\d{1,7})(?![\w-])/g;
const NOT_BEFORE = /[\w/.-]/;
const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+$/i;

// Standards and encodings that look like issue keys but never are.
const NOT_KEYS = new Set([
  'UTF',
  'SHA',
  'ISO',
  'RFC',
  'CVE',
  'HTTP',
  'TLS',
  'SSL',
  'MD',
  'AES',
  'RSA',
  'ECMA',
  'COVID',
  'GPT',
  'PEP',
  'ES',
  'IE',
  'HS',
  'PS',
  'CP',
  'WIN',
  'ARM',
  'X',
]);

/**
 * Jira keys and Linear identifiers named in any item's text: REFERENCES, or CLOSES after a
 * closing keyword (`Fixes ENG-42`, as Linear's magic words and Jira smart commits read them). Both
 * platforms' items resolve through `key:<KEY>`, so a Slack message naming ACME-12 links to that issue.
 */
export const deriveTrackerKeys: TextKeysRule = (text) => {
  const edges: DerivedEdge[] = [];
  for (const match of text.matchAll(KEY)) {
    const project = match[1] as string;
    const index = match.index ?? 0;
    if (NOT_KEYS.has(project) || (index > 0 && NOT_BEFORE.test(text[index - 1] as string))) continue;
    const closing = CLOSING.exec(text.slice(Math.max(0, index - 20), index));
    edges.push({
      type: closing ? 'CLOSES' : 'REFERENCES',
      toRef: trackerKeyRef(`${project}-${match[2]}`),
      origin: 'text',
      rule: closing ? 'tracker-closing-keyword' : 'tracker-key',
      snippet: closing ? `${closing[0]}${match[0]}`.trim() : snippetAround(text, index, match[0].length),
    });
  }
  return edges;
};
