import type { ItemSnapshot } from '@pipe/events';
import { parsePayload } from '../../kit/index.js';
import { z } from 'zod';
import { observedSlackIdentity, slackIdentityRef } from './identity.js';
import type { SlackEventContext, SlackOutcome } from './slack-delivery.js';
import { slackChannelId } from '../ids.js';
import { slackChannelUrl } from '../links.js';
import { SlackTs } from './slack-schemas.js';
import { secondsIso, secondsVersion, tsIso, tsVersion } from './slack-time.js';

const SlackChannel = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  created: z.number().int().nonnegative(),
  creator: z.string().min(1).optional(),
  is_private: z.boolean().optional(),
});
type SlackChannel = z.infer<typeof SlackChannel>;

const ChannelEvent = z.looseObject({ channel: SlackChannel, event_ts: SlackTs.optional() });

const MemberJoinedEvent = z.looseObject({
  user: z.string().min(1),
  channel: z.string().min(1),
  inviter: z.string().min(1).optional(),
  event_ts: SlackTs.optional(),
});

/**
 * A channel item: `slack:channel:T1/C2`, titled `#name`. Its version is when Pipe's source last
 * saw it named so: the event's time (a rename is always later than the creation).
 */
function channelSnapshot(context: SlackEventContext, channel: SlackChannel, version: number): ItemSnapshot {
  return {
    id: slackChannelId(context.teamId, channel.id),
    platform: 'slack',
    kind: 'channel',
    title: `#${channel.name}`,
    body: '',
    url: slackChannelUrl(channel.id),
    state: channel.is_private ? 'private' : null,
    container: null,
    parentId: null,
    author: channel.creator ? slackIdentityRef(channel.creator) : null,
    createdAt: secondsIso(channel.created),
    updatedAt: secondsIso(Math.floor(version / 1_000_000)),
    version,
  };
}

/** When the event happened, as a version: its `event_ts` when it has one, else `event_time`. */
const eventVersion = (context: SlackEventContext, eventTs?: string): number =>
  eventTs ? tsVersion(eventTs) : secondsVersion(context.eventTime);

/** `channel_created` and `channel_rename`: the channel's snapshot and what happened to it. */
export function normalizeChannel(context: SlackEventContext): SlackOutcome {
  const type = (context.event as { type?: string }).type as 'channel_created' | 'channel_rename';
  const event = parsePayload(ChannelEvent, context.event, `the slack '${type}' event of delivery ${context.eventId}`);
  const { channel } = event;
  const version = Math.max(eventVersion(context, event.event_ts), secondsVersion(channel.created));
  const snapshot = channelSnapshot(context, channel, version);
  const created = type === 'channel_created';
  const actor = created && channel.creator ? slackIdentityRef(channel.creator) : null;
  return {
    occurredAt: snapshot.updatedAt as string,
    identities: created && channel.creator ? [observedSlackIdentity(channel.creator)] : [],
    items: [{ type: 'item.observed', data: { item: snapshot } }],
    activities: [
      {
        itemId: snapshot.id,
        verb: created ? 'created' : 'renamed',
        actor,
        summary: created ? `${channel.creator ?? 'someone'} created #${channel.name}` : `a channel was renamed to #${channel.name}`,
      },
    ],
  };
}

/** `member_joined_channel`: the person (and who invited them) and a `joined` activity on the channel. */
export function normalizeMemberJoined(context: SlackEventContext): SlackOutcome {
  const event = parsePayload(MemberJoinedEvent, context.event, `the slack 'member_joined_channel' event of delivery ${context.eventId}`);
  const identities = [observedSlackIdentity(event.user)];
  if (event.inviter) identities.push(observedSlackIdentity(event.inviter));
  const invited = event.inviter ? ` (invited by ${event.inviter})` : '';
  return {
    occurredAt: event.event_ts ? tsIso(event.event_ts) : secondsIso(context.eventTime),
    identities,
    items: [],
    activities: [
      {
        itemId: slackChannelId(context.teamId, event.channel),
        verb: 'joined',
        actor: slackIdentityRef(event.user),
        summary: `${event.user} joined ${event.channel}${invited}`,
      },
    ],
  };
}
