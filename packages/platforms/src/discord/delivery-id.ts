import { createHash } from 'node:crypto';
import { discordPayloadKind } from './discord-payload-kind.js';

const hash = (value: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(value) ?? '')
    .digest('hex')
    .slice(0, 32);

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The dedup key of a Discord delivery. Discord sends no delivery id (and the Gateway's sequence
 * number `s` restarts with every connection, so a relay reconnecting and replaying would not keep
 * it), so the key is built from what identifies the fact itself:
 * - a message created or updated: `MESSAGE_CREATE:<guild>/<channel>/<message>@<timestamp>`, with
 *   the `edited_timestamp` for updates, so each edit is its own delivery and a resend is not;
 * - a message deleted: `MESSAGE_DELETE:<guild>/<channel>/<message>` (a message is deleted once);
 * - an interaction: `interaction:<id>` (Discord's own unique id);
 * - anything else: its event type and a hash of its content.
 * With the team and a hash of the body (the Gateway's `s` left out) it makes the messages' ids
 * (`<team>:discord:<key>:<content>:<n>`), so a replayed delivery is stored once per team.
 */
export function discordDeliveryId(payload: unknown): string {
  const body = (payload ?? {}) as Record<string, unknown>;
  switch (discordPayloadKind(payload)) {
    case 'gateway': {
      const event = String(body.t);
      const d = (body.d ?? {}) as Record<string, unknown>;
      const where = `${text(d.guild_id) ?? '@me'}/${text(d.channel_id) ?? '?'}/${text(d.id) ?? '?'}`;
      if (event === 'MESSAGE_CREATE' && text(d.id) && text(d.timestamp)) return `${event}:${where}@${d.timestamp}`;
      if (event === 'MESSAGE_UPDATE' && text(d.id) && text(d.edited_timestamp)) return `${event}:${where}@${d.edited_timestamp}`;
      if (event === 'MESSAGE_DELETE' && text(d.id)) return `${event}:${where}`;
      return `${event}:${hash(body.d)}`;
    }
    case 'interaction':
      return `interaction:${String(body.id)}`;
    case 'webhook-event': {
      const event = (body.event ?? {}) as Record<string, unknown>;
      return `${text(event.type) ?? 'PING'}:${text(event.timestamp) ?? ''}:${hash(event.data ?? body)}`;
    }
    case 'unknown':
      return `unknown:${hash(body)}`;
  }
}
