// Change notifications (issue 21): rules, filters, destinations and their native formats. A new export here is public API.

export type { ChangeFacts } from './change-facts.js';
export { parseFilter, matchesFilter, FilterSyntaxError, type Filter, type FilterTerm } from './filter.js';
export {
  mergeItem,
  notificationOf,
  platformName,
  kindName,
  plainSummary,
  DIGEST_LISTED,
  type ItemNotice,
  type Notification,
} from './notification.js';
export {
  DESTINATION_KINDS,
  RATE_LIMITS,
  requestFor,
  destinationKey,
  type Destination,
  type DestinationKind,
  type RateLimit,
  type OutgoingRequest,
} from './destinations.js';
export { slackBody } from './formats/slack.js';
export { discordBody } from './formats/discord.js';
export { telegramBody } from './formats/telegram.js';
export { webhookBody } from './formats/webhook.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER } from './signature.js';
export { checkTarget, isPrivateAddress, guardedLookup, PrivateTargetError } from './target-guard.js';
export { Sender, classify, retryAfter, type SendResult, type SenderOptions } from './send.js';
export {
  addRule,
  removeRule,
  openRule,
  allRules,
  pauseRule,
  resumeRule,
  listRules,
  notificationTroubles,
  type NotifyRule,
  type NewRule,
  type RuleSummary,
  type ResumeOutcome,
} from './rules.js';
