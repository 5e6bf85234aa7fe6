import { identityRef } from '@pipe/events';
import { type DerivedEdge, snippetAround } from './derived-edge.js';

interface MentionRule {
  /** Only items from this platform use this markup. */
  platform: string;
  name: string;
  /** A substring every match contains: skip the rule when absent. */
  hint: string;
  pattern: RegExp;
}

const RULES: MentionRule[] = [
  // `@octocat`, not an email (`a@b.c`), not a team (`@org/team`), not a decorator inside code.
  { platform: 'github', name: 'github-at-mention', hint: '@', pattern: /(?<![\w@.`/])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![\w/-])/g },
  // `<@U024BE7LH>` or `<@U024BE7LH|bob>`
  { platform: 'slack', name: 'slack-user-mention', hint: '<@', pattern: /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g },
  // `[~accountid:5b10a2844c20165700ede21g]`
  { platform: 'jira', name: 'jira-account-mention', hint: '[~accountid:', pattern: /\[~accountid:([^\]\s]+)\]/g },
  // `<@80351110224678912>` or `<@!80351110224678912>`
  { platform: 'discord', name: 'discord-user-mention', hint: '<@', pattern: /<@!?(\d{15,20})>/g },
];

/** MENTIONS of people, in the mention markup of the item's own platform. */
export function deriveMentions(platform: string, text: string): DerivedEdge[] {
  const edges: DerivedEdge[] = [];
  for (const rule of RULES) {
    if (rule.platform !== platform || !text.includes(rule.hint)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      edges.push({
        type: 'MENTIONS',
        toRef: identityRef(platform, match[1] as string),
        origin: 'text',
        rule: rule.name,
        snippet: snippetAround(text, match.index ?? 0, match[0].length, 30),
      });
    }
  }
  return edges;
}
