import { type Receiver, startReceiver } from '@pipe/notify/testing';
import { verifyWebhook } from '@pipe/notify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NotifierHarness, createNotifierHarness } from './testing/index.js';

const PR = {
  id: 'github:pull_request:octo/api#7',
  kind: 'pull_request' as const,
  title: 'Fix <login> & sessions',
  url: 'https://github.com/octo/api/pull/7',
  state: 'closed',
  container: 'octo/api',
  activity: { actor: 'alice', summary: 'merged the pull request' },
};

describe('the notifier posts each destination’s documented request shape', () => {
  let h: NotifierHarness;
  let receiver: Receiver;
  beforeEach(async () => {
    [h, receiver] = await Promise.all([createNotifierHarness(), startReceiver()]);
    await h.team('acme');
    await h.seed('acme', PR);
  });
  afterEach(async () => {
    await h.cleanup();
    await receiver.close();
  });

  it('Slack: an incoming-webhook POST in Block Kit, mrkdwn escaped, with a fallback text', async () => {
    await h.rule({ team: 'acme', kind: 'slack', url: `${receiver.url}/services/T000/B000/XXXX` });
    h.run();
    await h.announce('acme', [PR]);
    await receiver.waitFor(1);
    const [request] = receiver.requests;
    expect(request?.path).toBe('/services/T000/B000/XXXX');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json).toEqual({
      text: 'GitHub pull request “Fix <login> & sessions” by alice: merged the pull request',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*<https://github.com/octo/api/pull/7|Fix &lt;login&gt; &amp; sessions>*\nmerged the pull request',
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'GitHub pull request · octo/api · closed · by alice' }] },
      ],
    });
  });

  it('Discord: an execute-webhook POST with one embed and mentions disabled', async () => {
    await h.rule({ team: 'acme', kind: 'discord', url: `${receiver.url}/api/webhooks/123/token` });
    h.run();
    await h.announce('acme', [PR]);
    await receiver.waitFor(1);
    const [request] = receiver.requests;
    expect(request?.path).toBe('/api/webhooks/123/token');
    const body = request?.json as { allowed_mentions: unknown; embeds: Record<string, unknown>[] };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds[0]).toMatchObject({
      title: 'Fix <login> & sessions',
      url: 'https://github.com/octo/api/pull/7',
      description: 'merged the pull request',
      author: { name: 'alice' },
      footer: { text: 'GitHub pull request · octo/api · closed' },
    });
    expect(Number.isNaN(Date.parse(String(body.embeds[0]?.timestamp)))).toBe(false);
  });

  it('Telegram: Bot API sendMessage to the bot’s path with HTML parse mode and the chat id', async () => {
    await h.rule({ team: 'acme', kind: 'telegram', url: receiver.url, secret: '123456:ABC-token', chatId: '-1001234' });
    h.run();
    await h.announce('acme', [PR]);
    await receiver.waitFor(1);
    const [request] = receiver.requests;
    expect(request?.path).toBe('/bot123456:ABC-token/sendMessage');
    expect(request?.json).toEqual({
      chat_id: '-1001234',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      text:
        '<b><a href="https://github.com/octo/api/pull/7">Fix &lt;login&gt; &amp; sessions</a></b>\nmerged the pull request\n' +
        '<i>GitHub pull request · octo/api · closed · by alice</i>',
    });
  });

  it('generic webhook: JSON signed with HMAC-SHA256 over timestamp.body, verifiable by the receiver', async () => {
    await h.rule({ team: 'acme', kind: 'webhook', url: `${receiver.url}/hooks/pipe`, secret: 'shared-secret' });
    h.run();
    await h.announce('acme', [PR]);
    await receiver.waitFor(1);
    const [request] = receiver.requests;
    const headers = { signature: String(request?.headers['pipe-signature']), timestamp: String(request?.headers['pipe-timestamp']) };
    expect(headers.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('shared-secret', headers, request?.body ?? '')).toBe(true);
    expect(verifyWebhook('another-secret', headers, request?.body ?? '')).toBe(false);
    expect(verifyWebhook('shared-secret', headers, `${request?.body} `)).toBe(false);
    expect(request?.json).toMatchObject({
      type: 'pipe.notification.v1',
      id: request?.headers['pipe-delivery'],
      team: 'acme',
      digest: false,
      total: 1,
      items: [
        {
          itemId: PR.id,
          title: PR.title,
          platform: 'github',
          kind: 'pull_request',
          url: PR.url,
          who: ['alice'],
          changes: ['merged the pull request'],
        },
      ],
    });
  });
});
