export { buildApp } from './app.js';
export { slackPlatform, SLACK_TIMESTAMP_TOLERANCE_MS } from './slack-platform.js';
export { normalizeSlackDelivery, slackMessageId, slackChannelId } from './normalize/index.js';
