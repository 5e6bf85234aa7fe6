import { createTestDb, type TestDb } from '@pipe/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertItem } from '../testing/fixtures.js';
import { TERM_CANDIDATE_CAP, lexicalCandidates } from './lexical-candidates.js';
import { recentWindowSince } from './recent-window.js';

const TEAM = 'acme';
const minute = (m: number) => new Date(Date.UTC(2026, 10, 1, 0, m));
const terms = [
  { word: 'alpha', aliases: [] },
  { word: 'beta', aliases: [] },
  { word: 'newsletter', aliases: [] },
  { word: 'digest', aliases: [] },
  { word: 'weekly', aliases: [] },
];
/** More items than the newest that are read first for a common word (`search_term_matches`). */
const NEWER = 450;
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
    for (let m = 1; m <= 50; m++)
      await insertItem(t.db, TEAM, `github:issue:acme/w#${m}`, { title: `weekly ${m}`, updated_at: minute(20 + m) });
    await insertItem(t.db, TEAM, 'github:issue:acme/r#1', { title: 'alpha removed', updated_at: null, removed_at: minute(500) });
    await insertItem(t.db, 'other', 'github:issue:other/a#1', { title: 'alpha elsewhere', updated_at: minute(500) });
    // Newer than all of them, a word in every one: it has its most recent matches among the
    // newest items, while "alpha" and "beta" have none there and are looked for further back.
    // One in five of them is also a digest (frequent, not enough among the very newest); the five
    // newest say "weekly", as do old ones (frequent among the newest, too few in them).
    await sql`insert into items (team, id, ref, platform, kind, title, body, updated_at, version, event_id, event_seq)
      select ${TEAM}, 'github:issue:acme/z#' || n, 'github:acme/z#' || n, 'github', 'issue',
        'Newsletter ' || n || case when n % 5 = 0 then ' digest' else '' end || case when n > ${NEWER} - 5 then ' weekly' else '' end, '',
        ${minute(1000).toISOString()}::timestamptz + n * interval '1 minute', 1, 'evt-z' || n, n
      from generate_series(1, ${NEWER}) n`.execute(t.db);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const candidates = async (since: string | null, filters: ReturnType<typeof sql>[] = []) => {
    const found = await lexicalCandidates(t.db, TEAM, terms, named, filters, since);
    return { ids: found.rows.map((row) => row.id).sort(), capped: found.capped };
  };

  it('brings each term exactly the matches it brings without a window, wherever the window starts', async () => {
    const whole = await candidates(null);
    // The two undated, then the 38 newest of "alpha"; all five of "beta"; the 40 newest
    // newsletters (and digests among them); 40 digests; the five newest weeklies and 35 old ones.
    expect(whole.capped).toEqual([true, false, true, true, true]);
    expect(whole.ids).toContain('github:issue:acme/w#50');
    expect(whole.ids).not.toContain('github:issue:acme/w#15');
    expect(whole.ids).toContain('github:issue:acme/z#255');
    expect(whole.ids).not.toContain('github:issue:acme/z#250');
    expect(whole.ids).toContain('github:issue:acme/n#1');
    expect(whole.ids).not.toContain('github:issue:acme/a#22');
    expect(whole.ids).toContain(`github:issue:acme/z#${NEWER}`);
    expect(whole.ids).not.toContain(`github:issue:acme/z#${NEWER - TERM_CANDIDATE_CAP - 1}`);
    // Windows holding more than the cap, fewer, only the undated, and everything; and the same
    // with a filter, which plans its own statement instead.
    for (const start of [minute(101), minute(125), minute(150), minute(159), minute(1000), minute(1400), minute(0)]) {
      expect(await candidates(start.toISOString()), `window from ${start.toISOString()}`).toEqual(whole);
      expect(await candidates(start.toISOString(), [sql`platform = 'github'`]), `filtered, window from ${start.toISOString()}`).toEqual(
        whole,
      );
    }
    expect(await candidates(null, [sql`platform = 'github'`])).toEqual(whole);
  });

  it('starts at the n-th most recently updated item of the team, or nowhere when the team has fewer', async () => {
    expect(await recentWindowSince(t.db, TEAM, NEWER + 10)).toBe(minute(151).toISOString());
    expect(await recentWindowSince(t.db, TEAM, NEWER + 1000)).toBeNull();
  });
});
