import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { type CreatedTeam, SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { itemUri } from '@pipe/events';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.js';
import { BODY_LIMIT } from './items/item-shapes.js';
import { SEARCH_CANDIDATE_CAP } from './search/search-items.js';
import { callError, callOk, callText, connectClient, insertActivity, insertEdge, insertIdentity, insertItem } from './testing/fixtures.js';
import { RESPONSE_BUDGET_CHARS } from './tools/page.js';
import { BETA_ITEM, BLOCKER, DECISION, ISSUE, JIRA, PR, REPLY, SLACK, seedCommonTerm, seedGraph } from './testing/seed-graph.js';
import type { GetItemOutput } from './tools/get-item-tool.js';
import type { PeopleOutput } from './tools/people-tool.js';
import type { RelatedOutput } from './tools/related-tool.js';
import type { SearchOutput } from './tools/search-tool.js';
import type { SourcesOutput } from './tools/sources-tool.js';
import type { TeamContextOutput } from './tools/team-context-tool.js';
import type { TimelineOutput } from './tools/timeline-tool.js';

const TOOLS = ['changes_since', 'get_item', 'people', 'related', 'search', 'sources', 'sync', 'team_context', 'timeline'];
/** The tools that change something: listed, but callable only with the admin scope. */
const ADMIN_TOOLS = ['sync'];

describe('the MCP tools, through a real client over Streamable HTTP', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let mcpUrl: string;
  let acme: CreatedTeam;
  let acmeClient: Client;
  let acmeTransport: StreamableHTTPClientTransport;
  let betaClient: Client;

  beforeAll(async () => {
    t = await createTestDb();
    const box = new SecretBox(randomBytes(32));
    acme = await createTeam(t.db, box, 'acme');
    const beta = await createTeam(t.db, box, 'beta');
    await seedGraph(t.db);
    await seedCommonTerm(t.db, SEARCH_CANDIDATE_CAP + 200);
    app = buildApp({ db: t.db, logLevel: 'silent' });
    mcpUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    ({ client: acmeClient, transport: acmeTransport } = await connectClient(mcpUrl, acme.apiKey));
    ({ client: betaClient } = await connectClient(mcpUrl, beta.apiKey));
  });

  afterAll(async () => {
    await acmeClient?.close();
    await betaClient?.close();
    await app?.close();
    await t?.cleanup();
  });

  it('negotiates the latest protocol version and lists the tools, read-only but for the admin ones, with input and output schemas', async () => {
    expect(acmeTransport.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    const { tools } = await acmeClient.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(!ADMIN_TOOLS.includes(tool.name));
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
    }
  });

  describe('search', () => {
    it('finds an item by words of its body, with a highlighted snippet and what a client needs to fetch it', async () => {
      const output = await callOk<SearchOutput>(acmeClient, 'search', { query: 'segfault qemu' });
      // The matching issue first; what is linked to it (its pull request) may follow, saying so.
      expect(output.items[0]?.id).toBe(ISSUE);
      expect(output.items[0]?.why).toMatch(/matched 'segfault', 'qemu'/);
      for (const item of output.items.slice(1)) expect(item.score).toBeLessThan(output.items[0]?.score ?? 0);
      expect(output.items[0]).toMatchObject({
        id: ISSUE,
        uri: itemUri(ISSUE),
        url: 'https://github.com/octo/demo/issues/7',
        platform: 'github',
        kind: 'issue',
      });
      expect(output.items[0]?.snippet).toContain('<b>segfault</b>');
      expect(output).toMatchObject({ nextCursor: null, cut: null, candidatesCapped: false });
      expect(await callText(acmeClient, 'search', { query: 'segfault qemu' })).toContain(ISSUE);
    });

    it('ranks a much better match first, a fresher one among equals, and leaves removed items out', async () => {
      // The issue names arm64 in its title and twice in its body; the fresher Slack message once.
      const ids = (await callOk<SearchOutput>(acmeClient, 'search', { query: 'arm64' })).items.map((item) => item.id);
      expect(ids.slice(0, 2)).toEqual([ISSUE, SLACK]);
      expect(ids).not.toContain('github:issue:octo/demo#9');
      // The flaky issues are equally relevant and updated a minute apart: newest first.
      const flaky = (await callOk<SearchOutput>(acmeClient, 'search', { query: 'flaky', limit: 3 })).items.map((item) => item.id);
      expect(flaky).toEqual(['github:issue:octo/flaky#111', 'github:issue:octo/flaky#110', 'github:issue:octo/flaky#109']);
    });

    it('filters by platform, kind, container, person, state and time', async () => {
      // Only the items that match a word, not their linked neighbours (a thread reply, say): the filters hold for both.
      const ids = async (args: Record<string, unknown>) =>
        (await callOk<SearchOutput>(acmeClient, 'search', { query: 'arm64 or buildx or pin', ...args })).items
          .filter((i) => i.why.startsWith('matched'))
          .map((i) => i.id)
          .sort();
      const all = async (args: Record<string, unknown>) =>
        (await callOk<SearchOutput>(acmeClient, 'search', { query: 'arm64 or buildx or pin', ...args })).items;
      expect(await ids({ platform: 'slack' })).toEqual([SLACK]);
      for (const item of await all({ platform: 'slack' })) expect(item.platform).toBe('slack');
      expect(await ids({ kind: ['pull_request', 'page'] })).toEqual([DECISION, PR].sort());
      for (const item of await all({ kind: ['pull_request', 'page'] })) expect(['pull_request', 'page']).toContain(item.kind);
      expect(await ids({ container: 'C2' })).toEqual([SLACK]);
      expect(await ids({ person: 'Mona Lisa' })).toEqual([ISSUE, PR, SLACK].sort());
      expect(await ids({ person: 'mona.s' })).toEqual([ISSUE, PR, SLACK].sort());
      expect(await ids({ state: 'MERGED' })).toEqual([PR]);
      const since = new Date(Date.now() - 25 * 3600_000).toISOString();
      expect(await ids({ since })).toEqual([DECISION, PR, SLACK].sort());
      expect(await ids({ until: since })).toEqual([ISSUE]);
      expect(await callError(acmeClient, 'search', { query: 'arm64', person: 'nobody-here' })).toMatch(/PERSON_NOT_FOUND/);
    });

    it('pages with a keyset cursor, without overlap or gaps, and says why each page was cut', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const output = await callOk<SearchOutput>(acmeClient, 'search', { query: 'flaky', limit: 5, ...(cursor ? { cursor } : {}) });
        seen.push(...output.items.map((item) => item.id));
        expect(output.cut).toBe(output.nextCursor === null ? null : 'limit');
        cursor = output.nextCursor ?? undefined;
        pages += 1;
      } while (cursor !== undefined && pages < 5);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(12);
      expect(await callText(acmeClient, 'search', { query: 'flaky', limit: 5 })).toMatch(/next page: call search again .*cursor "/);
    });

    it('rejects a cursor of another query or another filter', async () => {
      const first = await callOk<SearchOutput>(acmeClient, 'search', { query: 'flaky', limit: 5 });
      expect(await callError(acmeClient, 'search', { query: 'arm64', cursor: first.nextCursor })).toMatch(
        /INVALID_CURSOR.*different query/,
      );
      expect(await callError(acmeClient, 'search', { query: 'flaky', container: 'octo/flaky', cursor: first.nextCursor })).toMatch(
        /INVALID_CURSOR/,
      );
      expect(await callError(acmeClient, 'search', { query: 'flaky', cursor: 'garbage' })).toMatch(
        /INVALID_CURSOR.*not one this server issued/,
      );
    });

    it('ranks only the most recent matches of a very common term, says so, and keeps the response within its budget', async () => {
      const output = await callOk<SearchOutput>(acmeClient, 'search', { query: 'ubiquitous', limit: 50 });
      expect(output.candidatesCapped).toBe(true);
      expect(output.cut).toBe('budget');
      expect(output.items.length).toBeGreaterThan(10);
      expect(output.items.length).toBeLessThan(50);
      // The newest bulk comment is among the ranked candidates; the oldest 200 are not.
      const numbers = output.items.map((item) => Number(item.id.split('/').pop()));
      expect(Math.min(...numbers)).toBeGreaterThan(200);
      expect(JSON.stringify(output).length).toBeLessThan(16_000);
    });
  });

  describe('get_item', () => {
    it('returns an item with neighbours grouped by type and direction, with provenance, and its latest activity', async () => {
      const output = await callOk<GetItemOutput>(acmeClient, 'get_item', { id: PR });
      expect(output.item).toMatchObject({
        id: PR,
        title: 'Pin buildx',
        body: 'fixes #7 and see ACME-12',
        bodyTruncated: false,
        removed: false,
      });
      expect(output.groups).toEqual([
        { type: 'AUTHORED_BY', direction: 'outgoing', total: 1, shown: 1 },
        { type: 'CLOSES', direction: 'outgoing', total: 1, shown: 1 },
        { type: 'REFERENCES', direction: 'outgoing', total: 1, shown: 1 },
        { type: 'REFERENCES', direction: 'incoming', total: 1, shown: 1 },
      ]);
      const byType = Object.fromEntries(output.edges.outgoing.map((edge) => [edge.type, edge]));
      expect(byType.CLOSES).toEqual({
        type: 'CLOSES',
        rule: 'fixes-number',
        origin: 'text',
        snippet: 'fixes #7',
        ref: 'github:octo/demo#7',
        item: expect.objectContaining({ id: ISSUE }),
      });
      expect(byType.REFERENCES?.item?.id).toBe(JIRA);
      expect(byType.AUTHORED_BY?.person).toEqual({ id: 'github:1', platform: 'github', handle: 'mona', name: 'Mona Lisa' });
      expect(output.edges.incoming).toEqual([
        expect.objectContaining({ type: 'REFERENCES', ref: SLACK, item: expect.objectContaining({ platform: 'slack' }) }),
      ]);
      expect(output.edges.totals).toEqual({ outgoing: 3, incoming: 1 });
      const text = await callText(acmeClient, 'get_item', { id: PR });
      expect(text).toMatch(/CLOSES outgoing \(1\):\n {2}→ github:issue:octo\/demo#7 .*\[text\/fixes-number\] — "fixes #7"/);
      expect(output.activity).toEqual([expect.objectContaining({ verb: 'merged', actor: 'mona', itemId: PR })]);
    });

    it('finds an item by any of its platform URLs', async () => {
      const byUrl = async (url: string) => (await callOk<GetItemOutput>(acmeClient, 'get_item', { id: url })).item.id;
      expect(await byUrl('https://github.com/octo/demo/issues/7')).toBe(ISSUE);
      expect(await byUrl('https://github.com/octo/demo/pull/8/files')).toBe(PR);
      expect(await byUrl('https://acme.atlassian.net/browse/ACME-12')).toBe(JIRA);
      expect(await byUrl('https://linear.app/acme/issue/ACME-13/runner-quota')).toBe(BLOCKER);
      expect(await byUrl('https://acme.slack.com/archives/C2/p1700000000000100')).toBe(SLACK);
      expect((await callOk<GetItemOutput>(acmeClient, 'get_item', { id: 'https://github.com/octo/demo/issues/7' })).resolvedFrom).toBe(
        'https://github.com/octo/demo/issues/7',
      );
      expect(await callError(acmeClient, 'get_item', { id: 'https://github.com/octo/demo/issues/4040' })).toMatch(/ITEM_NOT_FOUND/);
    });

    it('gives a long body in parts and says how much remains; an unknown id gets an error that suggests search', async () => {
      const output = await callOk<GetItemOutput>(acmeClient, 'get_item', { id: 'notion:page:long' });
      expect(output.item.body).toHaveLength(BODY_LIMIT);
      expect(output.item).toMatchObject({ bodyTruncated: true, bodyOffset: 0, bodyLength: BODY_LIMIT + 500, bodyRemaining: 500 });
      const rest = await callOk<GetItemOutput>(acmeClient, 'get_item', { id: 'notion:page:long', offset: BODY_LIMIT });
      expect(rest.item).toMatchObject({ body: 'x'.repeat(500), bodyTruncated: false, bodyOffset: BODY_LIMIT, bodyRemaining: 0 });
      expect(await callError(acmeClient, 'get_item', { id: 'github:issue:octo/demo#404' })).toMatch(/ITEM_NOT_FOUND.*search/);
    });
  });

  describe('the response budget, for every tool', () => {
    // Long rows, many of them: every list is cut by the budget, which counts the whole response
    // (structured content and its text form), not only the rows' JSON.
    const LONG = `budgetword ${'a long title that keeps on going '.repeat(7)}`;
    const HUB = 'github:issue:octo/budget#0';
    let client: Client;

    beforeAll(async () => {
      const delta = await createTeam(t.db, new SecretBox(randomBytes(32)), 'delta');
      ({ client } = await connectClient(mcpUrl, delta.apiKey));
      const now = Date.now();
      await insertItem(t.db, 'delta', HUB, { title: `hub ${LONG}`, container: 'octo/budget', updated_at: new Date(now) });
      for (let i = 1; i <= 120; i += 1) {
        const id = `github:issue:octo/budget#${i}`;
        const at = new Date(now - i * 60_000);
        await insertItem(t.db, 'delta', id, { title: `${i} ${LONG}`, body: LONG, container: 'octo/budget', updated_at: at });
        await insertEdge(t.db, 'delta', HUB, `github:octo/budget#${i}`, 'REFERENCES', { snippet: LONG });
        await insertIdentity(t.db, 'delta', 'github', `u${i}`, `github:u${String(i).padStart(3, '0')}`, {
          handle: `user${i}`,
          name: `Name ${LONG}`,
        });
        await insertActivity(
          t.db,
          'delta',
          `budget-${i}`,
          id,
          'commented',
          { platform: 'github', externalId: `u${i}`, handle: `user${i}` },
          at,
        );
      }
      await t.db.updateTable('activities').set({ summary: LONG }).where('team', '=', 'delta').execute();
    });

    afterAll(async () => {
      await client?.close();
    });

    it.each([
      ['search', { query: 'budgetword', limit: 50 }],
      ['timeline', { limit: 100 }],
      ['people', { limit: 50 }],
      ['related', { id: HUB, limit: 100 }],
      ['team_context', { limit: 50 }],
      ['team_context', { section: 'open', limit: 50 }],
      ['get_item', { id: HUB }],
      ['sources', {}],
    ] as const)('%s %j answers within it, cut to fit and saying so', async (tool, args) => {
      const result = await client.callTool({ name: tool, arguments: args });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify({ structuredContent: result.structuredContent, content: result.content }).length).toBeLessThanOrEqual(
        RESPONSE_BUDGET_CHARS,
      );
      const text = JSON.stringify(result.structuredContent);
      if (tool !== 'sources') expect(text).toContain('"cut":"budget"');
    });

    it('pages through a cut list without losing a row', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await callOk<TimelineOutput>(client, 'timeline', { limit: 100, ...(cursor ? { cursor } : {}) });
        expect(page.entries.length).toBeLessThan(100);
        seen.push(...page.entries.map((entry) => entry.itemId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(new Set(seen).size).toBe(120);
      expect(seen).toHaveLength(120);
    });
  });

  describe('a 900 KB body', () => {
    const HUGE = 'notion:page:huge';
    // Quotes and newlines make the JSON longer than the text: the budget counts what goes over the wire.
    const body = Array.from({ length: 30_000 }, (_, i) => `line ${String(i).padStart(6, '0')} "q"\n`)
      .join('')
      .slice(0, 900_000);

    // A team of its own, so the other tests' timelines and searches do not see these rows.
    let client: Client;

    beforeAll(async () => {
      const gamma = await createTeam(t.db, new SecretBox(randomBytes(32)), 'gamma');
      ({ client } = await connectClient(mcpUrl, gamma.apiKey));
      await insertItem(t.db, 'gamma', HUGE, { title: 'Design doc', body, state: null, container: 'Engineering' });
      for (let i = 0; i < 60; i += 1) {
        await insertEdge(t.db, 'gamma', HUGE, `github:issue:octo/demo#${1000 + i}`, 'REFERENCES', {
          snippet: `see #${1000 + i} ${'context '.repeat(10)}`,
        });
        await insertActivity(
          t.db,
          'gamma',
          `huge-activity-${i}`,
          HUGE,
          'edited',
          { platform: 'notion', externalId: 'u1', handle: 'ana' },
          new Date(Date.UTC(2025, 1, 1, 0, i)),
        );
      }
    });

    afterAll(async () => {
      await client?.close();
    });

    it('answers get_item within the response budget, and pages through the whole body with offset', async () => {
      let offset = 0;
      let read = '';
      let calls = 0;
      for (;;) {
        const result = await client.callTool({ name: 'get_item', arguments: { id: HUGE, offset } });
        calls += 1;
        expect(JSON.stringify({ structuredContent: result.structuredContent, content: result.content }).length).toBeLessThanOrEqual(
          RESPONSE_BUDGET_CHARS,
        );
        const { item } = result.structuredContent as GetItemOutput;
        expect(item.bodyOffset).toBe(offset);
        read += item.body;
        if (calls === 1) {
          expect((result.content as { text: string }[])[0]?.text).toContain(
            `[body continues: ${body.length - BODY_LIMIT} more of ${body.length} characters; read on with get_item {"id": "${HUGE}", "offset": ${BODY_LIMIT}}]`,
          );
        }
        if (item.bodyRemaining === 0) break;
        expect(item.bodyOffset + item.body.length + item.bodyRemaining).toBe(body.length);
        offset = item.bodyOffset + item.body.length;
        // Jump ahead after two parts; every part is read the same way.
        if (calls === 2) {
          read += body.slice(offset, body.length - BODY_LIMIT - 10);
          offset = body.length - BODY_LIMIT - 10;
        }
      }
      expect(read).toBe(body);
    });

    it('reads as a resource whose JSON names the next part, and each part as a resource of its own', async () => {
      const whole = await client.readResource({ uri: itemUri(HUGE) });
      const first = JSON.parse((whole.contents[0] as { text: string }).text) as {
        item: { body: string; bodyRemaining: number };
        bodyNext: string;
      };
      expect(first.item.body).toBe(body.slice(0, BODY_LIMIT));
      expect(first.bodyNext).toBe(`${itemUri(HUGE)}/body/${BODY_LIMIT}`);
      const part = await client.readResource({ uri: first.bodyNext });
      const second = JSON.parse((part.contents[0] as { text: string }).text) as {
        body: string;
        bodyOffset: number;
        bodyRemaining: number;
        bodyNext: string;
      };
      expect(second).toMatchObject({
        body: body.slice(BODY_LIMIT, 2 * BODY_LIMIT),
        bodyOffset: BODY_LIMIT,
        bodyRemaining: body.length - 2 * BODY_LIMIT,
      });
      expect(second.bodyNext).toBe(`${itemUri(HUGE)}/body/${2 * BODY_LIMIT}`);
    });
  });

  describe('related', () => {
    it('follows chosen edge types in one direction and gives the path', async () => {
      const output = await callOk<RelatedOutput>(acmeClient, 'related', { id: JIRA, types: 'BLOCKS', direction: 'incoming' });
      expect(output.results).toEqual([
        {
          id: BLOCKER,
          item: expect.objectContaining({ id: BLOCKER }),
          person: null,
          depth: 1,
          path: [{ from: JIRA, type: 'BLOCKS', direction: 'incoming', to: BLOCKER }],
        },
      ]);
    });

    it('walks up to three hops, each node once at its shortest distance, with fan-out caps and paging', async () => {
      const output = await callOk<RelatedOutput>(acmeClient, 'related', {
        id: REPLY,
        direction: 'outgoing',
        depth: 3,
        types: ['REPLIES_TO', 'REFERENCES', 'CLOSES'],
      });
      expect(output.results.map((r) => [r.depth, r.id])).toEqual([
        [1, SLACK],
        [2, PR],
        [3, ISSUE],
        [3, JIRA],
      ]);
      expect(output.results.find((r) => r.id === ISSUE)?.path.map((step) => step.type)).toEqual(['REPLIES_TO', 'REFERENCES', 'CLOSES']);

      const capped = await callOk<RelatedOutput>(acmeClient, 'related', { id: PR, direction: 'outgoing', fanOut: 1 });
      expect(capped.results).toHaveLength(1);
      expect(capped.fanOutCapped).toBe(true);

      const first = await callOk<RelatedOutput>(acmeClient, 'related', { id: PR, limit: 2 });
      expect(first).toMatchObject({ cut: 'limit', nextCursor: expect.any(String) });
      const second = await callOk<RelatedOutput>(acmeClient, 'related', { id: PR, limit: 2, cursor: first.nextCursor });
      const all = await callOk<RelatedOutput>(acmeClient, 'related', { id: PR, limit: 10 });
      expect([...first.results, ...second.results].map((r) => r.id)).toEqual(all.results.slice(0, 4).map((r) => r.id));
    });

    it('reports progress per level when asked', async () => {
      const progress: number[] = [];
      await acmeClient.callTool({ name: 'related', arguments: { id: REPLY, depth: 2 } }, undefined, {
        onprogress: (p) => void progress.push(p.progress),
      });
      expect(progress).toEqual([1, 2]);
    });
  });

  describe('timeline', () => {
    it('lists the team’s activity newest first, for a person across their identities, a container or an item', async () => {
      const verbs = async (args: Record<string, unknown>) =>
        (await callOk<TimelineOutput>(acmeClient, 'timeline', args)).entries.map((e) => e.verb);
      expect(await verbs({})).toEqual(['transitioned', 'reacted', 'posted', 'merged', 'opened']);
      expect(await verbs({ person: 'mona' })).toEqual(['reacted', 'posted', 'merged', 'opened']);
      expect(await verbs({ person: 'bob' })).toEqual(['transitioned']);
      expect(await verbs({ container: 'C2' })).toEqual(['reacted', 'posted']);
      expect(await verbs({ item: 'https://github.com/octo/demo/pull/8' })).toEqual(['merged']);
      expect(
        await verbs({
          since: new Date(Date.now() - 12 * 3600_000).toISOString(),
          until: new Date(Date.now() - 7 * 3600_000).toISOString(),
        }),
      ).toEqual(['reacted', 'posted']);
      const first = await callOk<TimelineOutput>(acmeClient, 'timeline', { limit: 3 });
      expect(first.entries[0]?.item).toMatchObject({ id: JIRA });
      const rest = await callOk<TimelineOutput>(acmeClient, 'timeline', { limit: 3, cursor: first.nextCursor });
      expect(rest.entries.map((e) => e.verb)).toEqual(['merged', 'opened']);
      expect(rest.nextCursor).toBeNull();
    });
  });

  describe('people', () => {
    it('finds a person with their identities on each platform and what they did lately', async () => {
      const output = await callOk<PeopleOutput>(acmeClient, 'people', { query: 'mona' });
      expect(output.people).toHaveLength(1);
      expect(output.people[0]).toMatchObject({ id: 'github:1', name: 'Mona Lisa', email: 'mona@acme.test' });
      expect(output.people[0]?.identities.map((i) => `${i.platform}:${i.handle}`)).toEqual(['github:mona', 'slack:mona.s']);
      expect(output.people[0]?.recent.map((a) => a.verb)).toEqual(['reacted', 'posted', 'merged']);
      const everyone = await callOk<PeopleOutput>(acmeClient, 'people', { limit: 1 });
      const next = await callOk<PeopleOutput>(acmeClient, 'people', { limit: 1, cursor: everyone.nextCursor });
      expect([everyone.people[0]?.id, next.people[0]?.id]).toEqual(['github:1', 'jira:acc-2']);
      expect(next.nextCursor).toBeNull();
    });
  });

  describe('team_context', () => {
    it('shows open work, blocked items with their blockers, merges, decisions and hot threads', async () => {
      const output = await callOk<TeamContextOutput>(acmeClient, 'team_context', {});
      expect(output.open?.items.map((i) => i.id)).toEqual([JIRA, BLOCKER, ISSUE]);
      expect(output.blocked?.items).toEqual([expect.objectContaining({ id: JIRA, blockedBy: [BLOCKER] })]);
      expect(output.merged?.items.map((i) => i.id)).toEqual([PR]);
      expect(output.decisions?.items.map((i) => i.id)).toEqual([DECISION]);
      expect(output.hot?.items[0]).toMatchObject({ id: SLACK, activityCount: 3 });
      const page = await callOk<TeamContextOutput>(acmeClient, 'team_context', { section: 'open', limit: 2 });
      expect(Object.keys(page).sort()).toEqual(['open', 'since']);
      const rest = await callOk<TeamContextOutput>(acmeClient, 'team_context', {
        section: 'open',
        limit: 2,
        cursor: page.open?.nextCursor,
      });
      expect(rest.open?.items.map((i) => i.id)).toEqual([ISSUE]);
    });

    it('about a question, keeps to what search finds for it: the same retrieval, not a second one', async () => {
      const question = 'is there a workaround for the qemu segfault?';
      const found = await callOk<SearchOutput>(acmeClient, 'search', { query: question, limit: 50 });
      const searched = found.items.map((i) => i.id);
      // Search finds the issue by its words and the PR that closes it through the graph.
      expect(searched).toEqual(expect.arrayContaining([ISSUE, PR]));
      const about = await callOk<TeamContextOutput>(acmeClient, 'team_context', { about: question, limit: 50 });
      expect(about.open?.items.map((i) => i.id)).toEqual([ISSUE]);
      expect(about.merged?.items.map((i) => i.id)).toEqual([PR]);
      const shown = [about.open, about.blocked, about.merged, about.decisions, about.hot].flatMap((section) => section?.items ?? []);
      for (const item of shown) expect(searched).toContain(item.id);
      // Open work the question is not about stays out.
      expect(about.open?.items.map((i) => i.id)).not.toContain(JIRA);
    });
  });

  describe('sources', () => {
    it('gives each platform’s last event and lag', async () => {
      const output = await callOk<SourcesOutput>(acmeClient, 'sources');
      expect(output.sources.map((s) => [s.platform, s.events, s.ingestLagMs])).toEqual([
        ['github', 40, 250],
        ['slack', 7, 1500],
      ]);
      expect(output.sources[0]?.silentForMs).toBeGreaterThanOrEqual(3600_000);
    });
  });

  describe('prompts and completions', () => {
    it('lists the prompts and fills them in', async () => {
      const { prompts } = await acmeClient.listPrompts();
      expect(prompts.map((p) => p.name).sort()).toEqual(['catch_me_up', 'what_blocks', 'who_knows']);
      const prompt = await acmeClient.getPrompt({ name: 'what_blocks', arguments: { item: JIRA } });
      expect(JSON.stringify(prompt.messages)).toContain(`related with id \\"${JIRA}\\"`);
    });

    it('completes item ids of the caller’s team only', async () => {
      const complete = (client: Client, value: string) =>
        client.complete({ ref: { type: 'ref/prompt', name: 'what_blocks' }, argument: { name: 'item', value } });
      expect((await complete(acmeClient, 'jira:issue:ACME-1')).completion.values).toEqual([JIRA, BLOCKER]);
      expect((await complete(acmeClient, 'runner')).completion.values).toEqual([JIRA, BLOCKER]);
      // Nothing starts with it or has it in its title: the same retrieval as search answers the words.
      expect((await complete(acmeClient, 'the qemu segfault')).completion.values[0]).toBe(ISSUE);
      expect((await complete(betaClient, 'jira:')).completion.values).toEqual([]);
    });
  });

  describe('invalid arguments', () => {
    it('are a tool error naming the field', async () => {
      expect(await callError(acmeClient, 'search', { query: 'arm64', limit: 500 })).toMatch(/Invalid arguments for tool search.*limit/);
      expect(await callError(acmeClient, 'search', { query: '' })).toMatch(/query/);
      expect(await callError(acmeClient, 'search', { query: 'x', since: 'yesterday' })).toMatch(/ISO 8601.*since/);
      expect(await callError(acmeClient, 'get_item', {})).toMatch(/id/);
      expect(await callError(acmeClient, 'related', { id: PR, depth: 4 })).toMatch(/depth/);
      expect(await callError(acmeClient, 'related', { id: PR, types: ['FOLLOWS'] })).toMatch(/types/);
      expect(await callError(acmeClient, 'timeline', { verbs: [] })).toMatch(/verbs/);
      expect(await callError(acmeClient, 'team_context', { section: 'gossip' })).toMatch(/section/);
      expect(await callError(acmeClient, 'changes_since', { cursor: 'abc' })).toMatch(/cursor/);
    });

    it('name the allowed values of an enum, one value or a list', async () => {
      const single = await callError(acmeClient, 'search', { query: 'x', platform: 'gitlab' });
      expect(single).toMatch(
        /gitlab\W+ is not allowed: expected one of github, slack, jira, linear, notion, discord, assistant.* at platform/,
      );
      expect(await callError(acmeClient, 'search', { query: 'x', platform: ['github', 'gitlab'] })).toMatch(
        /one of github, slack.*platform/,
      );
      expect(await callError(acmeClient, 'search', { query: 'x', kind: 'epic' })).toMatch(/one of issue, pull_request.*kind/);
      expect(await callError(acmeClient, 'related', { id: PR, types: ['FOLLOWS'] })).toMatch(/one of REFERENCES.*types/);
      expect(await callError(acmeClient, 'team_context', { section: 'gossip' })).toMatch(/expected one of .*section/);
    });

    it('reject an unknown or misspelt argument, naming it and the arguments the tool takes', async () => {
      const misspelt = await callError(acmeClient, 'search', { query: 'x', platfrom: 'github' });
      expect(misspelt).toMatch(/unknown argument 'platfrom' \(did you mean 'platform'\?\); the arguments are query, platform, kind/);
      expect(await callError(acmeClient, 'sources', { verbose: true })).toMatch(/unknown argument 'verbose'; this tool takes no arguments/);
      const { tools } = await acmeClient.listTools();
      for (const tool of tools) expect(tool.inputSchema.additionalProperties, tool.name).toBe(false);
    });
  });

  describe('audit log', () => {
    it('records who called which tool, when, with the arguments', async () => {
      await callOk(acmeClient, 'search', { query: 'audit-me' });
      await vi.waitFor(async () => {
        const rows = await t.db.selectFrom('gateway_audit').selectAll().where('team', '=', 'acme').where('tool', '=', 'search').execute();
        const row = rows.find((r) => JSON.stringify(r.arguments).includes('audit-me'));
        expect(row).toMatchObject({ key_id: acme.apiKeyId, outcome: 'ok', session_id: acmeTransport.sessionId });
        expect(row?.at).toBeInstanceOf(Date);
      });
    });
  });

  describe('tenant isolation', () => {
    it('never shows another team’s items through any tool, by query or by guessed id or URL', async () => {
      expect((await callOk<SearchOutput>(betaClient, 'search', { query: 'arm64' })).items.map((i) => i.id)).toEqual([BETA_ITEM]);
      expect((await callOk<SearchOutput>(acmeClient, 'search', { query: 'arm64' })).items.map((i) => i.id)).not.toContain(BETA_ITEM);
      for (const id of [ISSUE, 'https://github.com/octo/demo/issues/7', 'https://acme.atlassian.net/browse/ACME-12']) {
        const text = await callError(betaClient, 'get_item', { id });
        expect(text).toMatch(/ITEM_NOT_FOUND/);
        expect(text).not.toContain('Deploy pipeline');
        expect(await callError(betaClient, 'related', { id })).toMatch(/ITEM_NOT_FOUND/);
        expect(await callError(betaClient, 'timeline', { item: id })).toMatch(/ITEM_NOT_FOUND/);
      }
      expect(await callError(acmeClient, 'get_item', { id: BETA_ITEM })).toMatch(/ITEM_NOT_FOUND/);
      // Beta's own BLOCKS edge names ACME-12's key, yet reaches nothing of acme.
      expect((await callOk<RelatedOutput>(betaClient, 'related', { id: BETA_ITEM })).results.every((r) => r.item === null)).toBe(true);
      expect((await callOk<TimelineOutput>(betaClient, 'timeline', {})).entries.map((e) => e.itemId)).toEqual([BETA_ITEM]);
      const people = await callOk<PeopleOutput>(betaClient, 'people', { query: 'mona' });
      expect(people.people.map((p) => p.email)).toEqual(['mona@beta.test']);
      expect(people.people[0]?.identities).toHaveLength(1);
      expect(await callError(betaClient, 'search', { query: 'x', person: 'bob' })).toMatch(/PERSON_NOT_FOUND/);
      const context = await callOk<TeamContextOutput>(betaClient, 'team_context', {});
      expect(JSON.stringify(context)).not.toMatch(/octo\/demo|ACME-1/);
      expect((await callOk<SourcesOutput>(betaClient, 'sources')).sources.map((s) => s.platform)).toEqual(['linear']);
    });
  });
});
