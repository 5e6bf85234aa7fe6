import { discordBody } from './formats/discord.js';
import { slackBody } from './formats/slack.js';
import { telegramBody } from './formats/telegram.js';
import { webhookBody } from './formats/webhook.js';
import type { Notification } from './notification.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './signature.js';

/** The kinds of destination a rule posts to. */
export const DESTINATION_KINDS = ['slack', 'discord', 'telegram', 'webhook'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** Where a rule posts, opened (secrets in clear, in memory only). */
export interface Destination {
  kind: DestinationKind;
  /** The webhook URL; for Telegram the Bot API's base URL (https://api.telegram.org or a local Bot API server). */
  url: string;
  /** The generic webhook's signing secret, or Telegram's bot token. */
  secret: string | null;
  /** Telegram's chat id. */
  chatId: string | null;
}

/**
 * A destination's published rate limit as a token bucket: `burst` messages at once, then one
 * every `intervalMs`. Slack: about one message a second per webhook; Discord: 30 a minute per
 * webhook (bursts of 5, the bucket its headers report); Telegram: about one a second per chat.
 * The generic webhook has none.
 */
export interface RateLimit {
  burst: number;
  intervalMs: number;
}

export const RATE_LIMITS: Readonly<Record<DestinationKind, RateLimit | null>> = Object.freeze({
  slack: { burst: 1, intervalMs: 1000 },
  discord: { burst: 5, intervalMs: 2000 },
  telegram: { burst: 1, intervalMs: 1000 },
  webhook: null,
});

/** One HTTP request to a destination. */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The request that delivers a notification to a destination, in the destination's native format. */
export function requestFor(destination: Destination, notification: Notification, now = Date.now()): OutgoingRequest {
  const json = { 'content-type': 'application/json' };
  switch (destination.kind) {
    case 'slack':
      return { url: destination.url, headers: json, body: JSON.stringify(slackBody(notification)) };
    case 'discord':
      return { url: destination.url, headers: json, body: JSON.stringify(discordBody(notification)) };
    case 'telegram':
      return {
        url: `${destination.url.replace(/\/$/, '')}/bot${destination.secret ?? ''}/sendMessage`,
        headers: json,
        body: JSON.stringify(telegramBody(notification, destination.chatId ?? '')),
      };
    case 'webhook': {
      const body = JSON.stringify(webhookBody(notification));
      const timestamp = Math.floor(now / 1000);
      return {
        url: destination.url,
        headers: {
          ...json,
          [DELIVERY_HEADER]: notification.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(destination.secret ?? '', timestamp, body),
        },
        body,
      };
    }
  }
}

/** Identifies a destination for rate limits and circuit breakers (per webhook; Telegram per bot and chat). */
export function destinationKey(destination: Destination): string {
  return destination.kind === 'telegram'
    ? `telegram:${destination.url}:${destination.secret}:${destination.chatId}`
    : `${destination.kind}:${destination.url}`;
}
