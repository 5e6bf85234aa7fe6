import { assistantDeliveries } from './assistant.js';
import type { HistoryDelivery } from './delivery.js';
import { discordDeliveries } from './discord.js';
import { githubDeliveries } from './github.js';
import { jiraDeliveries } from './jira.js';
import { linearDeliveries } from './linear.js';
import { notionDeliveries } from './notion.js';
import { slackDeliveries } from './slack.js';

export { DELETED_MARKER, type HistoryDelivery, type Split, splitOf } from './delivery.js';
export { NOTION_API_TOKEN_VALUE, NOTION_PAGES, notionVerification } from './notion.js';

/** The whole two weeks, every platform's deliveries in story order (ties keep their platform's order). */
export function teamHistory(): HistoryDelivery[] {
  const all = [
    githubDeliveries(),
    slackDeliveries(),
    jiraDeliveries(),
    linearDeliveries(),
    notionDeliveries(),
    discordDeliveries(),
    assistantDeliveries(),
  ].flat();
  return all
    .map((delivery, index) => ({ delivery, index }))
    .sort((a, b) => Date.parse(a.delivery.at) - Date.parse(b.delivery.at) || a.index - b.index)
    .map(({ delivery }) => delivery);
}
