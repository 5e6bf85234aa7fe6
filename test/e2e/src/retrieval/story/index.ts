import type { HistoryDelivery } from '../../history/deliveries/index.js';
import { assistantStory } from './assistant.js';
import { discordStory } from './discord.js';
import { githubStory } from './github.js';
import { jiraStory } from './jira.js';
import { linearStory } from './linear.js';
import { notionStory } from './notion.js';
import { slackStory } from './slack.js';

export { RETRIEVAL_NOTION_PAGES, RETRIEVAL_PAGES } from './notion.js';
export { REMOVED_DISCORD_MESSAGE } from './discord.js';
export { REMOVED_GITHUB_COMMENT, RETRIEVAL_COMMITS } from './github.js';
export { REMOVED_SLACK_AT, SLACK_DESIGN, slackTs } from './slack.js';
export { RETRIEVAL_SESSIONS } from './assistant.js';

/** The retrieval story's deliveries, every platform's in story order (ties keep their platform's order). */
export function retrievalStory(): HistoryDelivery[] {
  const all = [githubStory(), slackStory(), jiraStory(), linearStory(), notionStory(), discordStory(), assistantStory()].flat();
  return all
    .map((delivery, index) => ({ delivery, index }))
    .sort((a, b) => Date.parse(a.delivery.at) - Date.parse(b.delivery.at) || a.index - b.index)
    .map(({ delivery }) => delivery);
}
