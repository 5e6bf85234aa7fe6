import { createTestDb, type TestDb } from '@pipe/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertItem } from '../testing/fixtures.js';
import { TERM_CANDIDATE_CAP, lexicalCandidates } from './lexical-candidates.js';
import { recentWindowSince } from './recent-window.js';

const TEAM = 'acme';
const minute = (m: number) => new Date(Date.UTC(2026, 10, 1, 0, m));
const terms = [
  { word: 'alpha', aliases: [] },
  { word: 'beta', aliases: [] },
];
const named = { channels: [], window: null };

describe('the recent window (issue 18 latency)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    // More matches of "alpha" than one term brings, spread over time; two without an update
    // time (they sort first); a few of "beta", all old; a removed one (without an update time, as
    // the projector leaves it) and another team's, recent.
    for (let m = 1; m <= 60; m++) {
      await insertItem(t.db, TEAM, `github:issue:acme/a#${m}`, { title: `alpha ${m}`, updated_at: minute(100 + m) });
    }
    for (const n of [1, 2]) await insertItem(t.db, TEAM, `github:issue:acme/n#${n}`, { title: 'alpha undated', updated_at: null });
    for (let m = 1; m <= 5; m++) await insertItem(t.db, TEAM, `github:issue:acme/b#${m}`, { title: `beta ${m}`, updated_at: minute(m) });
    await insertItem(t.db, TEAM, 'github:issue:acme/r#1', { title: 'alpha removed', updated_at: null, removed_at: minute(500) });
    await insertItem(t.db, 'other', 'github:issue:other/a#1', { title: 'alpha elsewhere', updated_at: minute(500) });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const candidates = async (since: string | null) => {
    const found = await lexicalCandidates(t.db, TEAM, terms, named, [], since);
    return { ids: found.rows.map((row) => row.id).sort(), capped: found.capped };
  };

  it('brings each term exactly the matches it brings without a window, wherever the window starts', async () => {
    const whole = await candidates(null);
    // The two undated, then the 38 newest of "alpha"; all five of "beta".
    expect(whole.ids).toHaveLength(TERM_CANDIDATE_CAP + 5);
    expect(whole.ids).toContain('github:issue:acme/n#1');
    expect(whole.ids).not.toContain('github:issue:acme/a#22');
    expect(whole.capped).toEqual([true, false]);
    // Windows holding more than the cap, fewer, only the undated, and everything.
    for (const start of [minute(101), minute(125), minute(150), minute(159), minute(1000), minute(0)]) {
      expect(await candidates(start.toISOString()), `window from ${start.toISOString()}`).toEqual(whole);
    }
  });

  it('starts at the n-th most recently updated item of the team, or nowhere when the team has fewer', async () => {
    expect(await recentWindowSince(t.db, TEAM, 10)).toBe(minute(151).toISOString());
    expect(await recentWindowSince(t.db, TEAM, 1000)).toBeNull();
  });
});
