import type { MentionRule } from '../text-edges.js';

/** `<@U024BE7LH>` or `<@U024BE7LH|bob>` */
export const slackMentions: readonly MentionRule[] = [
  { name: 'slack-user-mention', hint: '<@', pattern: /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g },
];
