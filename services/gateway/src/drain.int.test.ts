import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.js';
import { insertItem } from './testing/fixtures.js';
import { within } from './testing/within.js';

/** A transaction holding an exclusive lock on a table until `release()`: requests that read it wait. */
async function lockTable(t: TestDb, table: string): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const holding = new Promise<void>((resolve) => (locked = resolve));
  const done = t.db.transaction().execute(async (tx) => {
    await sql`lock table ${sql.table(table)} in access exclusive mode`.execute(tx);
    locked();
    await released;
  });
  await holding;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

describe('the gateway shutting down', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.cleanup());

  /** Resolves once a query of another connection waits for a lock on `table`. */
  const waitingOn = (table: string) =>
    vi.waitFor(
      async () => {
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation where not l.granted and c.relname = ${table}`.execute(
          t.db,
        );
        expect(rows[0]?.n).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 20 },
    );

  it('answers a tool call that was still being authenticated when the shutdown began, though another session’s call finished first', async () => {
    const { apiKey } = await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    await insertItem(t.db, 'acme', 'github:issue:octo/demo#1', { title: 'Drain drill', body: 'drain' });
    const app = buildApp({ db: t.db, logLevel: 'silent' });
    const url = new URL('/mcp', await app.listen({ port: 0, host: '127.0.0.1' }));
    const connect = async () => {
      const client = new Client({ name: 'drain', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${apiKey}` } } }));
      return client;
    };
    const [first, second] = [await connect(), await connect()];

    // The first session's call is inside its tool (search waits for `items`).
    const items = await lockTable(t, 'items');
    const searching = first.callTool({ name: 'search', arguments: { query: 'drain' } });
    await waitingOn('items');
    // The second session's call is still having its key looked up (it waits for `api_keys`).
    const keys = await lockTable(t, 'api_keys');
    // The sources tool reads `source_stats` first, a table search never reads (search reads `people` and `identities` too).
    const stats = await lockTable(t, 'source_stats');
    const listingSources = second.callTool({ name: 'sources', arguments: {} });
    await waitingOn('api_keys');

    const closing = app.close();
    // The second call gets past its key and into its tool (which waits for `source_stats`)…
    await keys.release();
    await waitingOn('source_stats');
    // …when the first finishes: closing the sessions now would cut the second call's answer off.
    await items.release();
    expect((await searching).isError).toBeFalsy();
    await stats.release();
    const sources = await within(listingSources, 10_000, () => 'the second call was never answered: its session closed under it');
    expect(sources.isError).toBeFalsy();
    expect(JSON.stringify(sources.structuredContent)).toContain('"sources":[]');
    await closing;
  });
});
