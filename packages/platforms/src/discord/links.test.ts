import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';
import { linkFinds, normalizedSnapshots, snapshotOfKind } from '../testing/normalized-snapshots.js';
import { discordFixture } from './testing/discord-fixture.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('Discord links', () => {
  it('names Discord messages by pattern', () => {
    expect(lookupForUrl('https://discord.com/channels/1/2/3')?.idPatterns[0]).toBe('discord:%:1/2/3');
  });

  it('names a reply by its message link, never the message it answers (issue 15, defect 3)', () => {
    const message = snapshotOfKind(normalizedSnapshots('discord', discordFixture('message-create')), 'message');
    const reply = snapshotOfKind(normalizedSnapshots('discord', discordFixture('message-reply')), 'message');
    expect(reply.parentId).toBe(message.id);
    for (const [url, item, other] of [
      [reply.url as string, reply, message],
      [(reply.url as string).replace('https://discord.com', 'https://discordapp.com'), reply, message],
      [(reply.url as string).replace('https://discord.com', 'https://ptb.discord.com'), reply, message],
      [message.url as string, message, reply],
    ] as const) {
      expect(linkFinds(parseItemUrl(url), item), url).toBe(true);
      expect(linkFinds(parseItemUrl(url), other), url).toBe(false);
    }
  });
});
