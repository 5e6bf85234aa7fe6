import type { Database } from '@pipe/db';
import { itemRef } from '@pipe/platforms';
import { type Kysely, sql } from 'kysely';
import { BODY_LIMIT } from '../items/item-shapes.js';
import { insertActivity, insertEdge, insertIdentity, insertItem } from './fixtures.js';

export const ISSUE = 'github:issue:octo/demo#7';
export const PR = 'github:pull_request:octo/demo#8';
export const SLACK = 'slack:message:T1/C2/1700000000.000100';
export const REPLY = 'slack:message:T1/C2/1700000001.000200';
export const JIRA = 'jira:issue:ACME-12';
export const BLOCKER = 'jira:issue:ACME-13';
export const DECISION = 'notion:page:adr-7';
export const BETA_ITEM = 'github:issue:beta/app#1';

const MONA_GH = { platform: 'github', externalId: '1', handle: 'mona' };
const MONA_SLACK = { platform: 'slack', externalId: 'U1', handle: 'mona.s' };
const BOB_JIRA = { platform: 'jira', externalId: 'acc-2', handle: 'bob' };
const now = Date.now();
const ago = (hours: number): Date => new Date(now - hours * 3600_000);

/**
 * A small graph for team acme (issues, a PR that closes one, a Slack thread, Jira blockers, a
 * decision page, people on several platforms, activity, freshness) and a look-alike team beta,
 * so every tool can be checked for what it finds and for what it must never show.
 */
export async function seedGraph(db: Kysely<Database>): Promise<void> {
  await insertItem(db, 'acme', ISSUE, {
    title: 'Deploy pipeline fails on arm64',
    body: 'The deploy pipeline crashes while building arm64 images with a segfault in qemu. Workaround: pin buildx.',
    author_handle: 'mona',
    author_external_id: '1',
    url: 'https://github.com/octo/demo/issues/7',
    updated_at: ago(30),
  });
  await insertItem(db, 'acme', PR, {
    title: 'Pin buildx',
    body: 'fixes #7 and see ACME-12',
    state: 'merged',
    author_handle: 'mona',
    author_external_id: '1',
    url: 'https://github.com/octo/demo/pull/8',
    updated_at: ago(20),
  });
  await insertItem(db, 'acme', SLACK, {
    title: 'message in #eng',
    body: 'PR #8 is ready for review, arm64 builds are green',
    container: 'C2',
    url: 'https://acme.slack.com/archives/C2/p1700000000000100',
    author_handle: 'mona.s',
    author_external_id: 'U1',
    updated_at: ago(10),
  });
  await insertItem(db, 'acme', REPLY, {
    title: 'reply in #eng',
    body: 'thanks, merging',
    container: 'C2',
    parent_id: SLACK,
    created_at: ago(9),
    updated_at: ago(9),
  });
  await insertItem(db, 'acme', JIRA, {
    title: 'Upgrade CI runners',
    state: 'In Progress',
    container: 'ACME',
    url: 'https://acme.atlassian.net/browse/ACME-12',
    updated_at: ago(5),
  });
  await insertItem(db, 'acme', BLOCKER, { title: 'Runner quota', state: 'To Do', container: 'ACME', updated_at: ago(6) });
  await insertItem(db, 'acme', DECISION, {
    title: 'ADR 7: pin buildx',
    body: 'We decided to pin buildx until qemu is fixed.',
    state: null,
    container: 'Engineering',
    updated_at: ago(2),
  });
  await insertItem(db, 'acme', 'github:issue:octo/demo#9', {
    title: 'segfault on arm64 again',
    body: '',
    removed_at: new Date(),
    state: 'removed',
  });
  for (let n = 100; n < 112; n += 1) {
    await insertItem(db, 'acme', `github:issue:octo/flaky#${n}`, {
      title: `Flaky test ${n}`,
      body: 'the integration suite is flaky',
      container: 'octo/flaky',
      state: 'closed',
    });
  }
  await insertItem(db, 'acme', 'notion:page:long', {
    title: 'Runbook',
    body: 'x'.repeat(BODY_LIMIT + 500),
    state: null,
    container: 'Engineering',
  });

  await insertEdge(db, 'acme', PR, 'github:octo/demo#7', 'CLOSES', { rule: 'fixes-number', snippet: 'fixes #7' });
  await insertEdge(db, 'acme', PR, 'key:ACME-12', 'REFERENCES', { rule: 'tracker-key', snippet: 'ACME-12' });
  await insertEdge(db, 'acme', PR, 'identity:github:mona', 'AUTHORED_BY', { origin: 'structure', rule: 'author' });
  await insertEdge(db, 'acme', SLACK, 'github:octo/demo#8', 'REFERENCES', { rule: 'hash-number', snippet: 'PR #8' });
  await insertEdge(db, 'acme', REPLY, itemRef(SLACK), 'REPLIES_TO', { origin: 'structure', rule: 'parent' });
  await insertEdge(db, 'acme', BLOCKER, 'key:ACME-12', 'BLOCKS', { origin: 'source', rule: 'jira-link' });

  await insertIdentity(db, 'acme', 'github', '1', 'github:1', {
    handle: 'mona',
    name: 'Mona Lisa',
    email: 'mona@acme.test',
    ref: 'identity:github:mona',
  });
  await insertIdentity(db, 'acme', 'slack', 'U1', 'github:1', { handle: 'mona.s', name: 'Mona Lisa', ref: 'identity:slack:U1' });
  await insertIdentity(db, 'acme', 'jira', 'acc-2', 'jira:acc-2', { handle: 'bob', name: 'Bob Builder', ref: 'identity:jira:acc-2' });

  await insertActivity(db, 'acme', 'a1', ISSUE, 'opened', MONA_GH, ago(30));
  await insertActivity(db, 'acme', 'a2', PR, 'merged', MONA_GH, ago(20));
  await insertActivity(db, 'acme', 'a3', SLACK, 'posted', MONA_SLACK, ago(10));
  await insertActivity(db, 'acme', 'a4', SLACK, 'reacted', MONA_SLACK, ago(9));
  await insertActivity(db, 'acme', 'a5', JIRA, 'transitioned', BOB_JIRA, ago(5));

  await db
    .insertInto('source_stats')
    .values([
      {
        team: 'acme',
        platform: 'github',
        last_event_seq: 40,
        last_received_at: ago(1),
        last_occurred_at: ago(1),
        last_applied_at: new Date(ago(1).getTime() + 250),
        events: 40,
      },
      {
        team: 'acme',
        platform: 'slack',
        last_event_seq: 41,
        last_received_at: ago(3),
        last_occurred_at: ago(3),
        last_applied_at: new Date(ago(3).getTime() + 1500),
        events: 7,
      },
      {
        team: 'beta',
        platform: 'linear',
        last_event_seq: 42,
        last_received_at: ago(2),
        last_occurred_at: ago(2),
        last_applied_at: ago(2),
        events: 3,
      },
    ])
    .execute();

  // Team beta: look-alike names and words, so a leak would show.
  await insertItem(db, 'beta', BETA_ITEM, {
    title: 'Beta arm64 crash',
    body: 'arm64 images crash in qemu',
    container: 'beta/app',
    author_external_id: '1',
    author_handle: 'mona',
    url: 'https://github.com/beta/app/issues/1',
  });
  await insertIdentity(db, 'beta', 'github', '1', 'github:1', {
    handle: 'mona',
    name: 'Beta Mona',
    email: 'mona@beta.test',
    ref: 'identity:github:mona',
  });
  await insertActivity(db, 'beta', 'b1', BETA_ITEM, 'opened', MONA_GH, ago(1));
  await insertEdge(db, 'beta', BETA_ITEM, 'key:ACME-12', 'BLOCKS', { origin: 'source' });
}

/** Adds `count` closed comments that all contain the word `ubiquitous`, for the candidate cap. */
export async function seedCommonTerm(db: Kysely<Database>, count: number): Promise<void> {
  await sql`
    insert into items (team, id, ref, platform, kind, title, body, url, state, container, updated_at, created_at, version, event_id, event_seq)
    select 'acme', 'github:comment:octo/bulk#1/' || n, 'github:comment:octo/bulk#1/' || n, 'github', 'comment',
      'bulk ' || n, 'a ubiquitous word in comment ' || n, null, 'closed', 'octo/bulk',
      timestamptz '2024-01-01' + n * interval '1 minute', timestamptz '2024-01-01', 1, 'evt-bulk-' || n, 100000 + n
    from generate_series(1, ${count}) n`.execute(db);
}
