import { describe, expect, it } from 'vitest';
import { type ItemNotice, notificationOf } from '../notification.js';
import { discordBody } from './discord.js';
import { telegramBody } from './telegram.js';

const item = (n: number, overrides: Partial<ItemNotice> = {}): ItemNotice => ({
  itemId: `jira:issue:ACME-${n}`,
  title: `[ACME-${n}] Login <fails> & "retries"`,
  platform: 'jira',
  kind: 'issue',
  url: `https://acme.atlassian.net/browse/ACME-${n}`,
  state: 'Blocked',
  container: 'ACME',
  who: ['bob'],
  changes: ['status: In Progress → Blocked'],
  count: 1,
  at: '2026-12-06T12:00:00.000Z',
  ...overrides,
});

describe('digests', () => {
  const digest = notificationOf(
    'm1',
    'acme',
    Array.from({ length: 12 }, (_, i) => item(i + 1)),
  );

  it('Discord: one embed listing ten items as markdown links, and how many more', () => {
    const body = discordBody(digest) as { embeds: { title: string; description: string }[]; allowed_mentions: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds[0]?.title).toBe('12 changes in acme');
    const lines = body.embeds[0]?.description.split('\n') ?? [];
    expect(lines).toHaveLength(11);
    // Brackets would end the link text early, so they go.
    expect(lines[0]).toBe(
      '• [ACME-1 Login <fails> & "retries"](https://acme.atlassian.net/browse/ACME-1) — status: In Progress → Blocked (bob)',
    );
    expect(lines[10]).toBe('…and 2 more items');
  });

  it('Telegram: HTML with every title, state and name escaped', () => {
    const body = telegramBody(digest, '42') as { chat_id: string; text: string; parse_mode: string };
    expect(body.parse_mode).toBe('HTML');
    expect(body.text.split('\n')[0]).toBe('<b>12 changes in acme</b>');
    expect(body.text).toContain(
      '• <b><a href="https://acme.atlassian.net/browse/ACME-1">[ACME-1] Login &lt;fails&gt; &amp; &quot;retries&quot;</a></b> — status: In Progress → Blocked <i>Jira issue · ACME · Blocked · by bob</i>',
    );
    expect(body.text.endsWith('…and 2 more items')).toBe(true);
  });

  it('Telegram: a message past its 4096 characters becomes plain text instead of broken HTML', () => {
    const long = notificationOf('m2', 'acme', [item(1, { changes: ['x'.repeat(5000)], title: 't'.repeat(200) })]);
    const body = telegramBody(long, '42') as { text: string };
    expect(body.text.length).toBeLessThanOrEqual(4096);
  });
});
