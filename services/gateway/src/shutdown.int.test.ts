import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { insertItem } from './testing/fixtures.js';
import { within } from './testing/within.js';
import { freePort, spawnFromSource } from '@pipe/test-infra';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('the gateway stopped with SIGTERM under load', () => {
  let bus: TestBus;
  let t: TestDb;
  beforeEach(async () => {
    [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
  });
  afterEach(async () => {
    await Promise.all([bus.cleanup(), t.cleanup()]);
  });

  it('answers every tool call already received, closes its sessions, and exits 0', async () => {
    const { apiKey } = await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    for (let n = 0; n < 50; n++)
      await insertItem(t.db, 'acme', `github:issue:octo/demo#${n}`, {
        title: `Shutdown drill ${n}`,
        body: 'graceful drain of the gateway',
      });
    const port = await freePort();
    const child = spawnFromSource(MAIN, {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: t.url,
        NATS_URL: bus.url,
        PIPE_NAMESPACE: bus.namespace,
        LOG_LEVEL: 'info',
        PIPE_RATE_LIMIT_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null }>((resolve) => child.once('exit', (code) => resolve({ code })));
    // Never leave the process behind, even when an assertion fails first.
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    for (let i = 0; i < 200 && !/listening/i.test(output); i++) await new Promise((r) => setTimeout(r, 50));
    expect(output).toMatch(/listening/i);

    const url = new URL(`http://127.0.0.1:${port}/mcp`);
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const client = new Client({ name: 'drill', version: '1.0.0' });
        await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${apiKey}` } } }));
        return client;
      }),
    );
    let stopSent = false;
    const answered: number[] = [];
    const failedBeforeStop: string[] = [];
    const loop = async (client: Client) => {
      for (;;) {
        const sentBeforeStop = !stopSent;
        try {
          const result = await client.callTool({ name: 'search', arguments: { query: 'drill' } });
          if ((result.structuredContent as { items: unknown[] }).items.length === 0) throw new Error('empty answer');
          answered.push(1);
        } catch (error) {
          // A call made before the stop must have been answered; later ones may be refused.
          if (sentBeforeStop && !stopSent) failedBeforeStop.push(String(error));
          return;
        }
        if (stopSent) return;
      }
    };
    let running = clients.length;
    const loops = clients.map((client) => loop(client).finally(() => (running -= 1)));
    while (answered.length < 100 && running > 0) await new Promise((r) => setTimeout(r, 10));
    expect(failedBeforeStop).toEqual([]);
    stopSent = true;
    child.kill('SIGTERM');
    // A hang fails with what was still waiting and what the gateway said, not a bare timeout.
    const stillWaiting = (what: string) => () =>
      `${what} after 20 s (${running} of ${clients.length} clients still waiting for an answer); the gateway said:\n${output}`;
    await within(Promise.all(loops), 20_000, stillWaiting('tool calls unanswered'));
    const { code } = await within(exited, 20_000, stillWaiting('the gateway did not exit'));
    expect(failedBeforeStop).toEqual([]);
    expect(code, output).toBe(0);
    expect(output).toContain('shutting down');
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  });
});
