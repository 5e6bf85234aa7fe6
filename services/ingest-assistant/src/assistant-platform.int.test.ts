import { setAssistantPrompts } from '@pipe/db';
import type { FastifyInstance } from 'fastify';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistant } from '@pipe/platforms';
import { hookFixture } from '@pipe/platforms/testing';

describe('POST /webhooks/assistant/:team', () => {
  let h: IngestHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    h = await createIngestHarness(assistant.ingest, { secret: null });
    // As main.ts runs it: PIPE_RAW keeps only what the normaliser reads (the module's keptBody).
    app = h.app;
  });
  afterAll(async () => h?.cleanup());

  const post = (input: unknown, options: { key?: string | null; team?: string; via?: FastifyInstance; body?: string } = {}) => {
    const key = options.key === undefined ? h.apiKey : options.key;
    return h.post(options.body ?? JSON.stringify(input), {
      headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), 'x-pipe-git-remote': 'git@github.com:octo/demo.git' },
      team: options.team,
      via: options.via ?? app,
    });
  };

  it('stores a session start authenticated by the team key, and a replay of it once', async () => {
    const before = await h.storedEvents();
    const start = { ...hookFixture('session-start'), session_id: 'int-session-1' };
    const first = await post(start);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({
      accepted: true,
      // The session, the project it runs in (issue 15, defect 5) and the start.
      events: 3,
      duplicate: false,
      delivery: expect.stringMatching(/^int-session-1:SessionStart:/),
    });
    const again = await post(start);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ duplicate: true });
    expect((await h.storedEvents()) - before).toBe(3);
    const [session] = (await h.events(before + 1)).filter((event) => event.type === 'item.observed');
    expect(session).toMatchObject({
      source: { platform: 'assistant' },
      data: { item: { id: 'assistant:session:int-session-1', container: 'octo/demo' } },
    });
  });

  it('answers 401 for a missing, unknown or other team key, storing nothing', async () => {
    const before = await h.storedEvents();
    const start = hookFixture('session-start');
    const missing = await post(start, { key: null });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error).toEqual({ code: 'UNAUTHORIZED', message: expect.stringContaining('Authorization: Bearer') });
    expect((await post(start, { key: 'pipe_not-a-key' })).statusCode).toBe(401);
    await h.addTeam('globex');
    const otherTeam = await post(start, { team: 'globex' });
    expect(otherTeam.statusCode).toBe(401);
    expect(otherTeam.json().error.message).toContain("team 'globex'");
    expect(await h.storedEvents()).toBe(before);
  });

  it('keeps prompt text out of the log and PIPE_RAW until the team opts in', async () => {
    const before = await h.storedEvents();
    const prompt = { ...hookFixture('user-prompt-submit'), session_id: 'int-session-2', prompt: 'Explain the wombat cache' };
    expect((await post(prompt)).statusCode).toBe(202);
    const raws = await h.rawDeliveries();
    expect(JSON.stringify(await h.events(before + 1))).not.toContain('wombat');
    expect(Buffer.from(raws.at(-1)!.body).toString('utf8')).not.toContain('wombat');

    await setAssistantPrompts(h.testDb.db, 'acme', true);
    const optedIn = { ...prompt, prompt: 'Explain the wombat cache, please' };
    expect((await post(optedIn)).statusCode).toBe(202);
    const prompts = (await h.events(before + 1)).filter((event) => event.type === 'item.observed' && event.data.item.kind === 'prompt');
    expect(prompts).toEqual([
      expect.objectContaining({ data: { item: expect.objectContaining({ kind: 'prompt', body: 'Explain the wombat cache, please' }) } }),
    ]);
    expect(Buffer.from((await h.rawDeliveries()).at(-1)!.body).toString('utf8')).toContain('wombat');
    await setAssistantPrompts(h.testDb.db, 'acme', false);
  });

  it('keeps no file contents in PIPE_RAW', async () => {
    const write = { ...hookFixture<{ tool_input: { content?: string } }>('post-tool-use'), session_id: 'int-session-3' };
    write.tool_input.content = 'SECRET_FILE_CONTENT';
    expect((await post(write)).statusCode).toBe(202);
    const body = Buffer.from((await h.rawDeliveries()).at(-1)!.body).toString('utf8');
    expect(body).toContain('/path/to/file.txt');
    expect(body).not.toContain('SECRET_FILE_CONTENT');
  });

  it('answers 413 for an oversized body and 400 for a malformed or incomplete one', async () => {
    const small = h.buildApp({ bodyLimitBytes: 1024 });
    const big = { ...hookFixture<Record<string, unknown>>('post-tool-use'), tool_input: { file_path: '/x', content: 'x'.repeat(4096) } };
    const tooLarge = await post(big, { via: small });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const before = await h.storedEvents();
    const notJson = await post(undefined, { body: '{"session_id": ' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('MALFORMED_BODY');
    const { session_id: _s, ...withoutSession } = hookFixture('session-start');
    const incomplete = await post(withoutSession);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toEqual({ code: 'INVALID_PAYLOAD', message: expect.stringContaining('session_id') });
    expect(await h.storedEvents()).toBe(before);
  });

  it('accepts a hook event it does not use and records it as skipped', async () => {
    const before = await h.storedEvents();
    const response = await post({ ...hookFixture<Record<string, unknown>>('notification'), session_id: 'int-session-4' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ events: 0, skipped: expect.stringContaining('Notification') });
    expect((await h.events(before + 1))[0]).toMatchObject({ type: 'delivery.skipped', data: { event: 'Notification' } });
  });

  it('answers 503 with Retry-After when NATS is unreachable, having stored nothing', async () => {
    const before = await h.storedEvents();
    const offline = h.buildApp({ publisher: await h.offlinePublisher() });
    const response = await post(
      { ...hookFixture<Record<string, unknown>>('session-start'), session_id: 'int-session-5' },
      { via: offline },
    );
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json().error.code).toBe('BUS_UNAVAILABLE');
    expect(await h.storedEvents()).toBe(before);
  });
});
