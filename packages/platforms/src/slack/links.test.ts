import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';
import { linkFinds, normalizedSnapshots, snapshotOfKind } from '../testing/normalized-snapshots.js';
import { slackExample } from './testing/slack-examples.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('Slack links', () => {
  it('names Slack messages by pattern', () => {
    expect(lookupForUrl('https://acme.slack.com/archives/C2/p1700000000000100')?.idPatterns).toContain(
      'slack:message:%/C2/1700000000.000100',
    );
  });

  it('names a thread reply by its permalink, never the thread’s first message (issue 15, defect 3)', () => {
    const payload = slackExample('message');
    Object.assign(payload.event, {
      ts: '1355517600.000100',
      event_ts: '1355517600.000100',
      thread_ts: '1355517523.000005',
      parent_user_id: 'U123ABC456',
    });
    const reply = snapshotOfKind(normalizedSnapshots('slack', payload), 'message');
    expect(reply).toMatchObject({
      id: 'slack:message:T123ABC456/C123ABC456/1355517600.000100',
      parentId: 'slack:message:T123ABC456/C123ABC456/1355517523.000005',
    });
    const root = { id: reply.parentId as string, parentId: null };
    for (const url of [
      reply.url as string,
      'https://acme.slack.com/archives/C123ABC456/p1355517600000100?thread_ts=1355517523.000005&cid=C123ABC456',
      'https://acme.slack.com/archives/C123ABC456/p1355517600000100',
    ]) {
      const link = parseItemUrl(url);
      expect(linkFinds(link, reply), url).toBe(true);
      expect(linkFinds(link, root), url).toBe(false);
    }
    expect(reply.url).toBe('https://slack.com/archives/C123ABC456/p1355517600000100?thread_ts=1355517523.000005&cid=C123ABC456');
    expect(parseItemUrl(reply.url as string)?.within).toEqual({ ids: [], refs: ['slack:C123ABC456/1355517523.000005'] });
    // The web client's thread view opens the thread at its first message.
    const thread = parseItemUrl('https://app.slack.com/client/T123ABC456/C123ABC456/thread/C123ABC456-1355517523.000005');
    expect(linkFinds(thread, root)).toBe(true);
    expect(linkFinds(thread, reply)).toBe(false);
  });
});
