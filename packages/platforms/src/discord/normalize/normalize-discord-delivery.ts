import { IngestError, type NormalizeResult } from '../../kit/index.js';
import { type DiscordDelivery, skipDiscord } from './discord-delivery.js';
import { discordPayloadKind } from '../discord-payload-kind.js';
import { GatewayDispatch, InteractionPayload, WebhookEventPayload, parseDiscordPayload } from './discord-schemas.js';
import { normalizeMessageDelete, normalizeMessageUpsert } from './message-events.js';

/**
 * Turns a verified Discord delivery into canonical events. Gateway dispatches forwarded by the
 * relay carry the guild messages (`MESSAGE_CREATE`, `MESSAGE_UPDATE`, `MESSAGE_DELETE`); every other
 * dispatch, Discord's HTTP webhook events and interactions are recorded as skipped. Pure: the
 * same delivery always gives the same events (apart from fresh event ids), so `PIPE_RAW` can be
 * re-normalised. Throws `IngestError('INVALID_PAYLOAD')` when a handled event lacks a field.
 */
export function normalizeDiscordDelivery(delivery: DiscordDelivery): NormalizeResult {
  switch (discordPayloadKind(delivery.payload)) {
    case 'gateway': {
      const dispatch = parseDiscordPayload(GatewayDispatch, delivery.payload, 'discord gateway dispatch');
      if (dispatch.t === 'MESSAGE_CREATE' || dispatch.t === 'MESSAGE_UPDATE')
        return normalizeMessageUpsert(delivery, dispatch.t, dispatch.d);
      if (dispatch.t === 'MESSAGE_DELETE') return normalizeMessageDelete(delivery, dispatch.d);
      return skipDiscord(dispatch.t, `discord gateway event '${dispatch.t}' is not normalised yet`);
    }
    case 'webhook-event': {
      const body = parseDiscordPayload(WebhookEventPayload, delivery.payload, 'discord webhook event');
      const type = body.event?.type ?? (body.type === 0 ? 'PING' : 'event');
      return skipDiscord(type, `discord webhook event '${type}' is not normalised yet (guild messages arrive through the Gateway relay)`);
    }
    case 'interaction': {
      const interaction = parseDiscordPayload(InteractionPayload, delivery.payload, 'discord interaction');
      return skipDiscord('interaction', `discord interactions (type ${interaction.type}) are not normalised`, String(interaction.type));
    }
    case 'unknown':
      throw new IngestError(
        'INVALID_PAYLOAD',
        'the body is neither a Gateway dispatch ({op: 0, t, d}), a webhook event nor an interaction',
      );
  }
}
