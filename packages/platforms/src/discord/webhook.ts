import { IngestError, type IngestPlatform, headerValue } from '../kit/index.js';
import { discordDeliveryId } from './delivery-id.js';
import { DiscordPublicKeyError, parseDiscordPublicKeys } from './discord-public-keys.js';
import { discordHandshake } from './handshake.js';
import { normalizeDiscordDelivery } from './normalize/index.js';
import { normalizeDiscordRecord } from './normalize/normalize-discord-record.js';
import { SYNC_RESOURCE_HEADER } from '../kit/platform-api.js';
import { verifyDiscordRequest } from './verify-discord-request.js';

/** Options of {@link discordIngest}. */
export interface DiscordIngestOptions {
  /** How far `X-Signature-Timestamp` may be from now, either way (default 5 minutes). */
  maxAgeMs?: number;
}

/**
 * Discord as an ingest platform: `POST /webhooks/discord/:team`, Ed25519 signatures checked with
 * `discord-interactions`' `verifyKey` against the team's `discord` secret (the application's
 * public key and, comma-separated, the Gateway relay's), PINGs answered, guild messages
 * normalised, everything else recorded as skipped. Accepted deliveries are answered 204, as
 * Discord's webhook events require.
 */
export function discordIngest(options: DiscordIngestOptions = {}): IngestPlatform {
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  return {
    platform: 'discord',
    rawHeaders: ['x-signature-timestamp'],
    async verify({ team, headers, rawBody, secret, nowMs }) {
      let publicKeys: string[];
      try {
        publicKeys = parseDiscordPublicKeys(secret);
      } catch (cause) {
        if (cause instanceof DiscordPublicKeyError)
          throw new IngestError('SECRET_NOT_SET', cause.message.replace('<team>', team), { cause });
        throw cause;
      }
      const rejection = await verifyDiscordRequest({
        signature: headerValue(headers, 'x-signature-ed25519'),
        timestamp: headerValue(headers, 'x-signature-timestamp'),
        rawBody,
        publicKeys,
        nowMs,
        maxAgeMs,
      });
      if (rejection) throw new IngestError(rejection.code, rejection.message);
    },
    handshake: { answer: ({ payload }) => discordHandshake(payload) },
    deliveryId: ({ payload }) => discordDeliveryId(payload),
    // The Gateway's sequence number restarts with every connection: a relay that reconnects and
    // replays sends the same dispatch under a new one.
    retryFields: ['s'],
    normalize: (delivery) => {
      // A record a backfill read from the HTTP API (services/sync), live or re-run from PIPE_RAW.
      const resource = delivery.headers[SYNC_RESOURCE_HEADER];
      return resource ? normalizeDiscordRecord(delivery, resource) : normalizeDiscordDelivery(delivery);
    },
    acceptedStatus: 204,
  };
}
