import type { MentionRule } from '../text-edges.js';

/** `<@80351110224678912>` or `<@!80351110224678912>` */
export const discordMentions: readonly MentionRule[] = [{ name: 'discord-user-mention', hint: '<@', pattern: /<@!?(\d{15,20})>/g }];
