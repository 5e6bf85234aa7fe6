import type { MentionRule } from '../text-edges.js';

/** `[~accountid:5b10a2844c20165700ede21g]` */
export const jiraMentions: readonly MentionRule[] = [
  { name: 'jira-account-mention', hint: '[~accountid:', pattern: /\[~accountid:([^\]\s]+)\]/g },
];
