import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { publishChangeNotice } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import type { ItemChange } from '@pipe/events';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { ChangeLog } from './changes/change-log.js';
import { callError, callOk, changeNotice as notice, connectClient, insertItem } from './testing/fixtures.js';
import { RESPONSE_BUDGET_CHARS } from './tools/page.js';
import { BETA_ITEM, ISSUE, PR, seedGraph } from './testing/seed-graph.js';
import type { ChangesSinceOutput } from './tools/changes-since-tool.js';

const change = (itemId: string, kind: ItemChange['change'] = 'upserted'): ItemChange => ({
  itemId,
  platform: 'github',
  kind: itemId.includes('pull_request') ? 'pull_request' : 'issue',
  container: 'octo/demo',
  change: kind,
});

describe('changes_since over PIPE_CHANGES', () => {
  let t: TestDb;
  let bus: TestBus;
  let app: FastifyInstance;
  let acme: Client;
  let beta: Client;

  beforeAll(async () => {
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    const box = new SecretBox(randomBytes(32));
    const acmeTeam = await createTeam(t.db, box, 'acme');
    const betaTeam = await createTeam(t.db, box, 'beta');
    await seedGraph(t.db);
    app = buildApp({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    ({ client: acme } = await connectClient(url, acmeTeam.apiKey));
    ({ client: beta } = await connectClient(url, betaTeam.apiKey));
  });

  afterAll(async () => {
    await acme?.close();
    await beta?.close();
    await app?.close();
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  it('gives a cursor, then exactly what changed for the caller’s team after it, oldest first', async () => {
    const start = await callOk<ChangesSinceOutput>(acme, 'changes_since');
    expect(start).toMatchObject({ changes: [], more: false, gap: false });

    await publishChangeNotice(bus.js, bus.names, notice('acme', [change(ISSUE)]));
    await publishChangeNotice(bus.js, bus.names, notice('beta', [change(BETA_ITEM)]));
    await publishChangeNotice(bus.js, bus.names, notice('acme', [change(PR), change('github:issue:octo/demo#9', 'removed')]));

    const after = await callOk<ChangesSinceOutput>(acme, 'changes_since', { cursor: start.cursor });
    expect(after.changes.map((c) => [c.change, c.itemId])).toEqual([
      ['upserted', ISSUE],
      ['upserted', PR],
      ['removed', 'github:issue:octo/demo#9'],
    ]);
    expect(after.changes[0]?.item).toMatchObject({ id: ISSUE, title: 'Deploy pipeline fails on arm64' });
    expect(after.changes[2]?.item).toBeNull();
    expect(after.more).toBe(false);

    const again = await callOk<ChangesSinceOutput>(acme, 'changes_since', { cursor: after.cursor });
    expect(again.changes).toEqual([]);

    const betaView = await callOk<ChangesSinceOutput>(beta, 'changes_since', { cursor: Number(start.cursor) });
    expect(betaView.changes.map((c) => c.itemId)).toEqual([BETA_ITEM]);
    // Beta's notice names its own item; an acme id in it would not resolve to acme's row.
    expect(JSON.stringify(betaView)).not.toContain('Deploy pipeline');
  });

  it('pages inside a notice when the limit cuts it, without repeating or skipping', async () => {
    const start = await callOk<ChangesSinceOutput>(acme, 'changes_since');
    await publishChangeNotice(bus.js, bus.names, notice('acme', [change('a:1'), change('a:2'), change('a:3')]));
    await publishChangeNotice(bus.js, bus.names, notice('acme', [change('a:4')]));
    const seen: string[] = [];
    let cursor = start.cursor;
    for (let i = 0; i < 5; i += 1) {
      const page = await callOk<ChangesSinceOutput>(acme, 'changes_since', { cursor, limit: 2 });
      seen.push(...page.changes.map((c) => c.itemId));
      cursor = page.cursor;
      if (!page.more) break;
      expect(page.cut).toBe('limit');
    }
    expect(seen).toEqual(['a:1', 'a:2', 'a:3', 'a:4']);
  });

  it('answers within the response budget, structured content and text together, and pages through the rest', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `github:issue:octo/demo#${5000 + i}`);
    for (const id of ids) await insertItem(t.db, 'acme', id, { title: `${id} ${'a long title that keeps on going '.repeat(7)}` });
    const start = await callOk<ChangesSinceOutput>(acme, 'changes_since');
    await publishChangeNotice(
      bus.js,
      bus.names,
      notice(
        'acme',
        ids.map((id) => change(id)),
      ),
    );
    const seen: string[] = [];
    let cursor = start.cursor;
    for (let calls = 0; calls < 50; calls += 1) {
      const result = await acme.callTool({ name: 'changes_since', arguments: { cursor, limit: 200 } });
      expect(JSON.stringify({ structuredContent: result.structuredContent, content: result.content }).length).toBeLessThanOrEqual(
        RESPONSE_BUDGET_CHARS,
      );
      const page = result.structuredContent as ChangesSinceOutput;
      if (calls === 0) expect(page.cut).toBe('budget');
      seen.push(...page.changes.map((c) => c.itemId));
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(seen).toEqual(ids);
  });

  it('says gap whenever notices after the cursor are gone: dropped by retention (even all of them), or the stream recreated', async () => {
    await publishChangeNotice(bus.js, bus.names, notice('acme', [change('g:1')]));
    const before = await callOk<ChangesSinceOutput>(acme, 'changes_since');
    await publishChangeNotice(bus.js, bus.names, notice('acme', [change('g:2')]));
    // Retention dropping every notice kept leaves an empty stream whose first sequence is past the cursor.
    await bus.jsm.streams.purge(bus.names.changes);
    const dropped = await callOk<ChangesSinceOutput>(acme, 'changes_since', { cursor: before.cursor });
    expect(dropped).toMatchObject({ changes: [], gap: true });
    // A cursor ahead of the stream (recreated, its sequences restarted): told, and given the current cursor.
    const ahead = await callOk<ChangesSinceOutput>(acme, 'changes_since', { cursor: Number(dropped.cursor) + 1000 });
    expect(ahead).toMatchObject({ changes: [], gap: true, cursor: dropped.cursor });
    const now = await callOk<ChangesSinceOutput>(acme, 'changes_since', { cursor: ahead.cursor });
    expect(now.gap).toBe(false);
  });

  it('refuses a cursor that is not one', async () => {
    expect(await callError(acme, 'changes_since', { cursor: 'yesterday' })).toMatch(/cursor/);
  });
});
