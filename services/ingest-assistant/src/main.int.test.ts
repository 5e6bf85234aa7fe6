import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { startIngestProcess } from '@pipe/ingest-kit/testing';
import { hookFixture } from '@pipe/platforms/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('ingest-assistant main.ts', () => {
  let bus: TestBus;
  let t: TestDb;
  beforeEach(async () => ([bus, t] = await Promise.all([createTestBus(), createTestDb()])));
  afterEach(async () => Promise.all([bus?.cleanup(), t?.cleanup()]));

  it('runs on the shared ingest runtime: accepts a hook with the team key, refuses another, drains on SIGTERM, and never logs the key', async () => {
    const key = randomBytes(32);
    const { apiKey } = await createTeam(t.db, new SecretBox(key), 'acme');
    const ingest = startIngestProcess(MAIN, {
      NATS_URL: bus.url,
      DATABASE_URL: t.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      LOG_LEVEL: 'debug',
    });
    try {
      const url = `http://127.0.0.1:${await ingest.port}/webhooks/assistant/acme`;
      const body = JSON.stringify({ ...hookFixture('user-prompt-submit'), session_id: 'main-test' });
      const post = (bearer: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body });
      expect((await post(apiKey)).status).toBe(202);
      expect((await post('not-a-key')).status).toBe(401);
      ingest.child.kill('SIGTERM');
      expect(await ingest.exited).toEqual({ code: 0, signal: null });
      expect(ingest.output()).toContain('"msg":"stopped"');
      expect(ingest.output()).not.toContain(apiKey);
    } finally {
      ingest.child.kill('SIGKILL');
    }
  });
});
