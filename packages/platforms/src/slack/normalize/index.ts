export { normalizeSlackDelivery } from './normalize-slack-delivery.js';
export { slackMessageId, slackChannelId } from './slack-ids.js';
