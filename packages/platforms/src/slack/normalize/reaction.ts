import { parsePayload, skipDelivery } from '../../kit/index.js';
import { z } from 'zod';
import { observedSlackIdentity, slackIdentityRef } from './identity.js';
import type { SlackEventContext, SlackOutcome } from './slack-delivery.js';
import { slackMessageId } from '../ids.js';
import { SlackTs } from './slack-schemas.js';
import { secondsIso, tsIso } from './slack-time.js';

const ReactionEvent = z.looseObject({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string().min(1),
  reaction: z.string().min(1),
  item_user: z.string().min(1).optional(),
  item: z.looseObject({ type: z.string(), channel: z.string().optional(), ts: SlackTs.optional() }),
  event_ts: SlackTs.optional(),
});

/**
 * `reaction_added` / `reaction_removed` on a message: an activity on the message (`reacted` /
 * `unreacted`) by the person who reacted. Reactions to files are skipped (files are not items).
 */
export function normalizeReaction(context: SlackEventContext): SlackOutcome {
  const event = parsePayload(
    ReactionEvent,
    context.event,
    `the slack '${(context.event as { type?: string }).type}' event of delivery ${context.eventId}`,
  );
  const { item } = event;
  if (item.type !== 'message' || !item.channel || !item.ts) {
    return skipDelivery(event.type, item.type, `slack reactions to a '${item.type}' are not normalised (only messages are items)`);
  }
  const itemId = slackMessageId(context.teamId, item.channel, item.ts);
  const verb = event.type === 'reaction_added' ? 'reacted' : 'unreacted';
  const identities = [observedSlackIdentity(event.user)];
  if (event.item_user) identities.push(observedSlackIdentity(event.item_user));
  return {
    occurredAt: event.event_ts ? tsIso(event.event_ts) : secondsIso(context.eventTime),
    identities,
    items: [],
    activities: [
      {
        itemId,
        verb,
        actor: slackIdentityRef(event.user),
        summary: `${event.user} ${event.type === 'reaction_added' ? 'reacted with' : 'removed'} :${event.reaction}: ${event.type === 'reaction_added' ? 'to' : 'from'} a message in ${item.channel}`,
      },
    ],
  };
}
