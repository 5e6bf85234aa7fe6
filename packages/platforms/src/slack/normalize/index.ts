export { normalizeSlackDelivery } from './normalize-slack-delivery.js';
export { slackMessageId, slackChannelId } from '../ids.js';
