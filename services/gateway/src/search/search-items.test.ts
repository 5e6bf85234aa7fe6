import { createTestDb, type TestDb } from '@pipe/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEdge, insertIdentity, insertItem } from '../testing/fixtures.js';
import { searchItems } from './search-items.js';

const TEAM = 'acme';
const AS_OF = '2026-12-05T12:00:00Z';
const ISSUE = 'github:issue:acme/checkout#41';
const PR = 'github:pull_request:acme/checkout#42';
const TICKET = 'jira:issue:PAY-7';
const THREAD = 'slack:message:T1/C1/1700000000.000100';
const REPLY = 'slack:message:T1/C1/1700000100.000200';
const REMOVED = 'slack:message:T1/C1/1700000200.000300';
const DASHBOARD = 'linear:issue:WEB-48';
const MAYAS = 'github:issue:acme/checkout#43';
const INCIDENTS = 'slack:channel:T1/C9';
const IN_INCIDENTS = 'slack:message:T1/C9/1764835200.000100';
const ABOUT_INCIDENTS = 'slack:message:T1/C1/1764835300.000100';

const search = (db: TestDb['db'], query: string) => searchItems(db, { team: TEAM, query, limit: 10, asOf: AS_OF });
const ids = async (db: TestDb['db'], query: string) => (await search(db, query)).rows.map((row) => row.item.id);

describe('search answers questions as people ask them (issue 18)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10));
    await insertItem(t.db, TEAM, ISSUE, {
      title: 'Checkout confirm request hangs when the payment provider is slow',
      body: 'POST /checkout/confirm waited 90 seconds: the provider client has no timeout.',
      updated_at: at(23),
    });
    await insertItem(t.db, TEAM, PR, {
      title: 'Add a 5s timeout and a circuit breaker to the payment provider client',
      body: 'Fixes #41.',
      updated_at: at(24),
    });
    await insertEdge(t.db, TEAM, PR, 'github:acme/checkout#41', 'CLOSES');
    await insertItem(t.db, TEAM, TICKET, {
      title: 'Rate limit the public API per key',
      body: 'Token bucket per API key.',
      updated_at: at(25),
    });
    await insertItem(t.db, TEAM, THREAD, {
      title: 'Dark mode preview is on staging',
      body: 'Dark mode preview of the merchant dashboard is on staging, feedback welcome.',
      updated_at: at(26),
    });
    await insertItem(t.db, TEAM, REPLY, {
      title: 'Charts are unreadable',
      body: 'Charts are unreadable, the grey lines vanish.',
      parent_id: THREAD,
      updated_at: at(26),
    });
    await insertItem(t.db, TEAM, REMOVED, {
      title: 'dark mode key',
      body: 'dark mode preview token SECRET-1',
      parent_id: THREAD,
      removed_at: at(26),
      updated_at: at(26),
    });
    await insertItem(t.db, TEAM, DASHBOARD, {
      title: 'Dashboard takes 10 seconds to load',
      body: 'Summary cards are slow.',
      updated_at: at(27),
    });
    await insertItem(t.db, TEAM, MAYAS, {
      title: 'CSV export drops rows with a comma',
      body: 'Orders are missing from the monthly export.',
      author_external_id: '5001001',
      author_handle: 'maya-chen',
      created_at: at(24),
      updated_at: at(24),
    });
    await insertIdentity(t.db, TEAM, 'github', '5001001', 'github:5001001', { handle: 'maya-chen' });
    // A Slack channel named by its own event (`#incidents`), a message in it that never says the
    // word, and one elsewhere that does.
    await insertItem(t.db, TEAM, INCIDENTS, { title: '#incidents', body: '', container: null, updated_at: at(1) });
    await insertItem(t.db, TEAM, IN_INCIDENTS, {
      title: 'Stripe webhook signatures fail again',
      body: 'Stripe webhook signatures fail again since the key rotation.',
      container: 'T1/C9',
      created_at: new Date('2026-12-04T08:00:00Z'),
      updated_at: new Date('2026-12-04T08:00:00Z'),
    });
    await insertItem(t.db, TEAM, ABOUT_INCIDENTS, {
      title: 'Can we review last month’s incidents on Friday?',
      body: 'Can we review last month’s incidents on Friday?',
      container: 'T1/C1',
      created_at: new Date('2026-12-04T09:00:00Z'),
      updated_at: new Date('2026-12-04T09:00:00Z'),
    });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('finds the pull request that fixed what the question describes, through the issue it closes, and says so', async () => {
    const result = await search(t.db, 'Which pull request fixed the checkout timeout?');
    // Every word required found nothing here: no item says "pull", "request", "fixed", "checkout" and "timeout".
    expect(result.rows[0]?.item.id).toBe(PR);
    expect(result.rows[0]?.item.why).toContain(`closes ${ISSUE}`);
    expect(result.rows.map((row) => row.item.id)).toContain(ISSUE);
  });

  it('answers an item key or URL by exact lookup first', async () => {
    const keyed = await search(t.db, "what's the status of PAY-7?");
    expect(keyed.rows[0]?.item.id).toBe(TICKET);
    expect(keyed.rows[0]?.item.why).toMatch(/^exact match for PAY-7/);
    expect((await ids(t.db, 'show me acme/checkout#41'))[0]).toBe(ISSUE);
  });

  it('never returns a removed item, not even as the neighbour of a strong match', async () => {
    const found = await ids(t.db, 'dark mode preview token SECRET-1');
    expect(found).toContain(THREAD);
    expect(found).not.toContain(REMOVED);
  });

  it('ranks a thread as a unit: a reply rides on its matching root', async () => {
    const result = await search(t.db, 'where was the dark mode preview discussed?');
    expect(result.rows[0]?.item.id).toBe(THREAD);
    const reply = result.rows.find((row) => row.item.id === REPLY);
    expect(reply?.item.why).toContain(THREAD);
  });

  it('finds a title despite a typo, by trigram similarity', async () => {
    expect((await ids(t.db, 'why is the dashbaord slow'))[0]).toBe(DASHBOARD);
  });

  it('reads names and time words: what a person did in a window', async () => {
    const result = await search(t.db, 'Which issues did Maya open last week?');
    expect(result.rows[0]?.item.id).toBe(MAYAS);
    expect(result.rows[0]?.item.why).toMatch(/by maya-chen.*last week/);
  });

  it('says why every hit is there', async () => {
    for (const query of ['payment provider timeout', 'rate limits for the public API', 'charts unreadable']) {
      const result = await search(t.db, query);
      expect(result.rows.length).toBeGreaterThan(0);
      for (const row of result.rows) expect(row.item.why).not.toBe('');
    }
  });

  it('reads #name as the channel: what was said in it comes first, even without the word', async () => {
    const result = await search(t.db, 'What happened in #incidents yesterday?');
    expect(result.rows[0]?.item.id).toBe(IN_INCIDENTS);
    expect(result.rows[0]?.item.why).toMatch(/in #incidents/);
    // A channel name that is no channel is only a word.
    expect((await ids(t.db, 'anything in #nowhere about incidents'))[0]).toBe(ABOUT_INCIDENTS);
  });
});
