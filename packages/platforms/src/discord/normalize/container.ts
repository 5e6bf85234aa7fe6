import type { ContainerSighting } from '../../kit/container.js';
import { discordChannelId } from '../ids.js';
import { discordChannelUrl } from '../links.js';

/**
 * The guild channel a message event happens in, as a container sighting. Message events name the
 * channel by id only (its name is not in them), so the sighting is titled with the id.
 */
export function discordChannelSighting(guildId: string, channelId: string): ContainerSighting {
  return {
    id: discordChannelId(guildId, channelId),
    platform: 'discord',
    kind: 'channel',
    title: `Discord channel ${channelId}`,
    url: discordChannelUrl(guildId, channelId),
    keyOnly: true,
  };
}
