import type { ContainerSighting } from '../../kit/container.js';
import { slackChannelId } from '../ids.js';
import { slackChannelUrl } from '../links.js';

/**
 * The channel an inner event happens in, as a container sighting: a message's (posted, changed or
 * deleted) `channel`, a reaction's `item.channel`, a join's `channel`. Message events name the
 * channel by id only, so the sighting is titled with the id until the channel's own event
 * (`channel_created`, `channel_rename`) gives its name. Null when the event names no channel.
 */
export function slackChannelSighting(teamId: string, event: unknown): ContainerSighting | null {
  const named = event as { channel?: unknown; item?: { channel?: unknown } } | null;
  const channel = typeof named?.channel === 'string' ? named.channel : named?.item?.channel;
  if (typeof channel !== 'string' || channel === '') return null;
  return {
    id: slackChannelId(teamId, channel),
    platform: 'slack',
    kind: 'channel',
    title: `Slack channel ${channel}`,
    url: slackChannelUrl(channel),
    keyOnly: true,
  };
}
