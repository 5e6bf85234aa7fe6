import { githubNumberRef, itemId, slackMessageRef, trackerKeyRef } from '@pipe/events';
import { type DerivedEdge, snippetAround } from './derived-edge.js';

interface UrlRule {
  name: string;
  /** A substring every match contains: rules whose hint is absent are not run at all. */
  hint: string;
  pattern: RegExp;
  /** The reference the URL names, or null when the match is not an item link after all. */
  toRef(match: RegExpMatchArray): string | null;
}

// One rule per platform's link format, as users paste them.
const RULES: UrlRule[] = [
  {
    name: 'github-url',
    hint: 'github.com/',
    pattern: /https?:\/\/github\.com\/([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)\/(?:issues|pull)\/(\d+)/g,
    toRef: (m) => githubNumberRef(m[1] as string, Number(m[2])),
  },
  {
    name: 'jira-url',
    hint: '.atlassian.net/browse/',
    pattern: /https?:\/\/[A-Za-z0-9-]+\.atlassian\.net\/browse\/([A-Z][A-Z0-9_]+-\d+)/g,
    toRef: (m) => trackerKeyRef(m[1] as string),
  },
  {
    name: 'linear-url',
    hint: 'linear.app/',
    pattern: /https?:\/\/linear\.app\/[A-Za-z0-9_-]+\/issue\/([A-Z][A-Z0-9_]+-\d+)/gi,
    toRef: (m) => trackerKeyRef(m[1] as string),
  },
  {
    name: 'notion-url',
    hint: 'notion.',
    pattern: /https?:\/\/(?:www\.)?notion\.(?:so|site)\/[^\s)>\]]*?([0-9a-f]{32})(?![0-9a-f])/g,
    toRef: (m) => itemId('notion', 'page', dashedUuid(m[1] as string)),
  },
  {
    name: 'slack-permalink',
    hint: '.slack.com/archives/',
    pattern: /https?:\/\/[A-Za-z0-9-]+\.slack\.com\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/g,
    toRef: (m) => slackMessageRef(m[1] as string, `${m[2]}.${m[3]}`),
  },
  {
    name: 'discord-link',
    hint: '/channels/',
    pattern: /https?:\/\/(?:www\.)?discord(?:app)?\.com\/channels\/(\d+)\/(\d+)\/(\d+)/g,
    toRef: (m) => itemId('discord', 'message', `${m[1]}/${m[2]}/${m[3]}`),
  },
];

/** REFERENCES for every GitHub, Jira, Linear, Notion, Slack or Discord item link in the text. */
export function deriveUrlReferences(text: string): DerivedEdge[] {
  const edges: DerivedEdge[] = [];
  if (!text.includes('://')) return edges;
  for (const rule of RULES) {
    if (!text.includes(rule.hint)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      const toRef = rule.toRef(match);
      if (toRef) edges.push({ type: 'REFERENCES', toRef, origin: 'text', rule: rule.name, snippet: snippetAround(text, match.index ?? 0, match[0].length, 20) });
    }
  }
  return edges;
}

const dashedUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
