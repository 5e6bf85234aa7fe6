import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createApiKey } from '@pipe/db';
import type { PipeEvent } from '@pipe/events';
import { type IngestPlatform, assistant, discordIngest, github, jira, linear, notionIngest, slack } from '@pipe/platforms';
import {
  discordFixture,
  githubExample,
  hookFixture,
  jiraFixture,
  linearFixture,
  notionFixture,
  signDiscordDelivery,
  signJiraBody,
  slackExample,
  slackSignedHeaders,
} from '@pipe/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawDelivery } from './raw-delivery.js';
import { type IngestHarness, createIngestHarness } from './testing/index.js';

type Json = any;

const hmacHex = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
const { publicKey, privateKey: relayKey } = generateKeyPairSync('ed25519');
const relayPublicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

/**
 * One platform as a sender: a real payload under a delivery id of the test's own, the same
 * delivery with something it says changed, and the signed request for a team's credential.
 */
interface PlatformCase {
  platform: IngestPlatform<unknown>;
  /** The harness secret (default: a fresh random one per team). */
  secret?: string;
  /** A fresh real payload; `id` is its delivery id where the body carries it. */
  payload(id: string): Json;
  /** The same delivery saying something else (a title, a text, a path). */
  changed(payload: Json): Json;
  /** The same delivery as the platform's retry sends it (fields it changes per attempt), when it changes any. */
  retried?(payload: Json): Json;
  /** The delivery id the platform uses for `payload` sent under `id`. */
  deliveryIdOf?(payload: Json, id: string): string;
  headers(credential: string, body: string, id: string): Record<string, string>;
}

const CASES: Record<string, PlatformCase> = {
  github: {
    platform: github.ingest,
    payload: () => githubExample('issues', 'opened'),
    changed: (p) => ({ ...p, issue: { ...p.issue, title: `${p.issue.title} (rewritten)` } }),
    headers: (secret, body, id) => ({
      'x-github-event': 'issues',
      'x-github-delivery': id,
      'x-hub-signature-256': `sha256=${hmacHex(secret, body)}`,
    }),
  },
  slack: {
    platform: slack.ingest,
    payload: (id) => ({ ...slackExample('message'), event_id: id }),
    changed: (p) => ({ ...p, event: { ...p.event, text: 'Something else entirely.' } }),
    deliveryIdOf: (p) => p.event_id,
    headers: (secret, body) => slackSignedHeaders(secret, body),
  },
  jira: {
    platform: jira.ingest,
    payload: () => jiraFixture('issue-created'),
    changed: (p) => ({ ...p, issue: { ...p.issue, fields: { ...p.issue.fields, summary: 'A rewritten summary' } } }),
    headers: (secret, body, id) => ({ 'x-hub-signature': signJiraBody(secret, body), 'x-atlassian-webhook-identifier': id }),
  },
  linear: {
    platform: linear.ingest,
    payload: () => ({ ...linearFixture('issue-create'), webhookTimestamp: Date.now() }),
    changed: (p) => ({ ...p, data: { ...p.data, title: 'A rewritten title' } }),
    // Linear signs every attempt anew, with the time it sends it.
    retried: (p) => ({ ...p, webhookTimestamp: p.webhookTimestamp + 1500 }),
    headers: (secret, body, id) => ({ 'linear-signature': hmacHex(secret, body), 'linear-delivery': id, 'linear-event': 'Issue' }),
  },
  notion: {
    platform: notionIngest(),
    payload: (id) => ({ ...notionFixture('comment.created'), id }),
    changed: (p) => ({ ...p, authors: [{ id: '2b7d4a6e-0000-4000-8000-00000000beef', type: 'person' }] }),
    // Notion counts its attempts in the body.
    retried: (p) => ({ ...p, attempt_number: 2 }),
    deliveryIdOf: (p) => p.id,
    headers: (token, body) => ({ 'x-notion-signature': `sha256=${hmacHex(token, body)}` }),
  },
  discord: {
    platform: discordIngest(),
    secret: `${relayPublicHex},${relayPublicHex}`,
    payload: (id) => {
      const p = discordFixture('message-create');
      return { ...p, d: { ...p.d, id: String(BigInt.asUintN(60, BigInt(`0x${id.replaceAll('-', '').slice(0, 15)}`))) } };
    },
    changed: (p) => ({ ...p, d: { ...p.d, content: 'Something else entirely.' } }),
    // A relay that reconnects replays the dispatch under a new Gateway sequence number.
    retried: (p) => ({ ...p, s: p.s + 100 }),
    deliveryIdOf: (p) => `MESSAGE_CREATE:${p.d.guild_id}/${p.d.channel_id}/${p.d.id}@${p.d.timestamp}`,
    headers: (_key, body) => signDiscordDelivery(relayKey, body),
  },
  assistant: {
    platform: assistant.ingest,
    payload: (id) => ({ ...hookFixture('post-tool-use'), tool_use_id: `toolu_${id}` }),
    changed: (p) => ({ ...p, tool_input: { ...p.tool_input, file_path: '/path/to/another-file.txt' } }),
    deliveryIdOf: (p) => `${p.session_id}:PostToolUse:${p.tool_use_id}`,
    headers: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  },
};

/** The events and raw records a delivery id left for a team. */
function storedFor(events: readonly PipeEvent[], raws: readonly RawDelivery[], team: string, deliveryId: string) {
  return {
    events: events.filter((event) => event.team === team && event.source.deliveryId === deliveryId),
    raws: raws.filter((raw) => raw.team === team && raw.deliveryId === deliveryId),
  };
}

/** What an event says, without what differs from one storing to the next (its id, when it was received). */
const said = (event: PipeEvent) => ({ type: event.type, data: event.data });

describe.each(Object.entries(CASES))('deduplication of %s deliveries (per team, per content)', (_name, c) => {
  let h: IngestHarness;
  const credential: Record<string, string> = {};

  beforeAll(async () => {
    h = await createIngestHarness(c.platform, c.secret ? { secret: c.secret } : {});
    const other = await h.addTeam('globex', c.secret);
    const isAssistant = c.platform.platform === 'assistant';
    credential.acme = isAssistant ? h.apiKey : (h.secret as string);
    credential.globex = isAssistant ? (await createApiKey(h.testDb.db, 'globex', 'test')).key : other;
  });
  afterAll(async () => h?.cleanup());

  const send = (team: string, payload: Json, id: string) => {
    const body = JSON.stringify(payload);
    return h.post(body, { team, headers: { 'content-type': 'application/json', ...c.headers(credential[team] as string, body, id) } });
  };
  const stored = async (team: string, deliveryId: string) => storedFor(await h.events(), await h.rawDeliveries(), team, deliveryId);

  it('stores the same delivery for two teams, each whole, and a redelivery within a team once', async () => {
    const id = randomUUID();
    const payload = c.payload(id);
    const deliveryId = c.deliveryIdOf?.(payload, id) ?? id;
    expect((await send('acme', payload, id)).statusCode).toBeLessThan(300);
    const acme = await stored('acme', deliveryId);
    expect(acme.events.length).toBeGreaterThan(0);
    expect(acme.raws).toHaveLength(1);

    // Another team, the same delivery: not a duplicate of the first team's.
    const second = await send('globex', payload, id);
    expect(second.statusCode).toBeLessThan(300);
    if (second.statusCode !== 204) expect(second.json()).toMatchObject({ duplicate: false });
    const globex = await stored('globex', deliveryId);
    // (Types, not data: the assistant's snapshots are stamped with the time they were received.)
    expect(globex.events.map((event) => event.type)).toEqual(acme.events.map((event) => event.type));
    expect(globex.raws.map((raw) => Buffer.from(raw.body).toString())).toEqual(acme.raws.map((raw) => Buffer.from(raw.body).toString()));

    // The platform redelivers to both (as its retry sends it): each team still holds it once.
    const again = c.retried?.(payload) ?? payload;
    for (const team of ['acme', 'globex']) {
      const answer = await send(team, again, id);
      expect(answer.statusCode).toBeLessThan(300);
      if (answer.statusCode !== 204) expect(answer.json()).toMatchObject({ duplicate: true });
    }
    expect((await stored('acme', deliveryId)).events).toHaveLength(acme.events.length);
    expect((await stored('acme', deliveryId)).raws).toHaveLength(1);
    expect((await stored('globex', deliveryId)).events).toHaveLength(acme.events.length);
    expect((await stored('globex', deliveryId)).raws).toHaveLength(1);
  });

  it('stores a changed body under the same delivery id as a new version: raw record and events both say it', async () => {
    const id = randomUUID();
    const payload = c.payload(id);
    const deliveryId = c.deliveryIdOf?.(payload, id) ?? id;
    expect((await send('acme', payload, id)).statusCode).toBeLessThan(300);
    const first = await stored('acme', deliveryId);

    const changed = c.changed(payload);
    const answer = await send('acme', changed, id);
    expect(answer.statusCode).toBeLessThan(300);
    if (answer.statusCode !== 204) expect(answer.json()).toMatchObject({ duplicate: false });
    const after = await stored('acme', deliveryId);
    // The raw records: the first body, then the changed one, byte for byte.
    expect(after.raws.map((raw) => JSON.parse(Buffer.from(raw.body).toString()))).toEqual(
      c.platform.keptBody ? [expect.anything(), expect.anything()] : [payload, changed],
    );
    // The log: the first delivery's events, then every event the changed body says — what
    // re-running the normaliser over the second raw record gives.
    const added = after.events.slice(first.events.length);
    expect(after.events.slice(0, first.events.length)).toEqual(first.events);
    const renormalized = c.platform.normalize({
      team: 'acme',
      platform: c.platform.platform,
      deliveryId,
      receivedAt: added[0]?.source.receivedAt ?? '',
      headers: after.raws[1]?.headers ?? {},
      rawBody: Buffer.from(after.raws[1]?.body ?? []),
      payload: JSON.parse(Buffer.from(after.raws[1]?.body ?? []).toString()),
    });
    expect(renormalized.outcome).toBe('events');
    if (renormalized.outcome === 'events') expect(added.map(said)).toEqual(renormalized.events.map(said));
    expect(added.map(said)).not.toEqual(first.events.map(said));

    // And the changed body again is a redelivery of that version.
    await send('acme', changed, id);
    expect((await stored('acme', deliveryId)).events).toHaveLength(after.events.length);
    expect((await stored('acme', deliveryId)).raws).toHaveLength(2);
  });
});

describe('a delivery id the raw record cannot carry', () => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await createIngestHarness(slack.ingest);
  });
  afterAll(async () => h?.cleanup());

  it('is refused at the door with 400 INVALID_PAYLOAD, storing nothing', async () => {
    const body = JSON.stringify({ ...slackExample('message'), event_id: 'Ev1\r\nNats-Expected-Stream: other' });
    const answer = await h.post(body, { headers: slackSignedHeaders(h.secret as string, body) });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
    expect(await h.storedRaw()).toBe(0);
    expect(await h.storedEvents()).toBe(0);
  });
});
