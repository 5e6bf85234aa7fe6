import { publishEvent } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type IdentityRef, type PipeEvent, createEvent } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved, itemRemoved, testOrigin } from '@pipe/events/testing';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { projectUntilCaughtUp, readModelRows } from './testing/index.js';

const logger = pino({ level: 'silent' });
const octocat: IdentityRef = { platform: 'github', externalId: '583231', handle: 'octocat' };
const slackBob: IdentityRef = { platform: 'slack', externalId: 'U024BE7LH', handle: 'bob' };

const identity = (who: IdentityRef, email: string | null, name: string | null = null): PipeEvent =>
  createEvent(testOrigin('acme', who.platform), { type: 'identity.observed', data: { identity: who, name, email, url: null } });
const link = (from: string, to: string, edge: 'BLOCKS' | 'RELATES_TO', removed = false): PipeEvent =>
  createEvent(testOrigin('acme', 'jira'), { type: 'link.observed', data: { from, to, edge, removed } });
const slackMessage = (ts: string, text: string, parentTs?: string): PipeEvent =>
  itemObserved({
    ...githubIssueSnapshot('x', 1),
    id: `slack:message:T1/C2/${ts}`,
    platform: 'slack',
    kind: 'message',
    title: '',
    body: text,
    url: null,
    container: 'T1/C2',
    parentId: parentTs ? `slack:message:T1/C2/${parentTs}` : null,
    author: slackBob,
    version: Math.round(Number(ts) * 1000),
  });
const jiraIssue = (key: string, title: string, version = 1): PipeEvent =>
  itemObserved({
    ...githubIssueSnapshot('x', 1),
    id: `jira:issue:${key}`,
    platform: 'jira',
    kind: 'issue',
    title,
    body: '',
    url: null,
    container: key.split('-')[0] as string,
    author: null,
    version,
  });

/** A mixed history: creates, updates, deletes, links, people, cross-platform references. */
function history(): PipeEvent[] {
  const issue = githubIssueSnapshot('octo/demo', 7, { body: 'Crash on start, see ACME-12. cc @hubot', author: octocat });
  return [
    identity(octocat, 'mona@example.com', 'Mona'),
    identity(slackBob, 'MONA@example.com'),
    itemObserved(issue),
    itemObserved({ ...issue, title: 'Crash on start (updated)', version: 5 }),
    slackMessage('1700000000.000100', 'Is ACME-12 the crash from https://github.com/octo/demo/issues/7 ?'),
    slackMessage('1700000001.000200', 'yes, <@U024BE7LH> is on it', '1700000000.000100'),
    jiraIssue('ACME-12', 'App crashes when the cache directory is missing'),
    jiraIssue('ACME-13', 'Ship 2.0'),
    link('jira:issue:ACME-12', 'jira:issue:ACME-13', 'BLOCKS'),
    link('jira:issue:ACME-12', 'jira:issue:ACME-13', 'RELATES_TO'),
    link('jira:issue:ACME-12', 'jira:issue:ACME-13', 'RELATES_TO', true),
    itemObserved(githubIssueSnapshot('octo/demo', 8, { body: 'fixes #7', version: 3 })),
    itemRemoved(githubIssueSnapshot('octo/demo', 8), 4),
    activityObserved('github:issue:octo/demo#7', 'opened', 'github:d1:0'),
  ];
}

describe('projections', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });

  /** Given these events in a fresh log, when a projector catches up, then these are its tables. */
  async function project(events: PipeEvent[], maxBatch = 500) {
    const [bus, t]: [TestBus, TestDb] = await Promise.all([createTestBus(), createTestDb()]);
    cleanups.push(
      () => bus.cleanup(),
      () => t.cleanup(),
    );
    for (const event of events) await publishEvent(bus.js, bus.names, event, { msgId: event.id });
    await projectUntilCaughtUp({ db: t.db, bus, names: bus.names, logger, maxBatch });
    return t.db;
  }

  it('gives identical tables whatever the order or batching of the events', async () => {
    const events = history();
    const inOrder = await readModelRows(await project(events), { positionFree: true });
    const reversed = await readModelRows(await project([...events].reverse(), 3), { positionFree: true });
    const shuffled = await readModelRows(await project(shuffle(events), 1), { positionFree: true });
    expect(reversed).toEqual(inOrder);
    expect(shuffled).toEqual(inOrder);
    expect(inOrder.items.length).toBe(6);
  });

  it('links a Slack message to the Jira issue it names and the GitHub issue it pastes, once they exist', async () => {
    const db = await project(history());
    const fromSlack = await db
      .selectFrom('edges as e')
      .leftJoin('items as i', (j) => j.onRef('i.team', '=', 'e.team').onRef('i.ref', '=', 'e.to_ref'))
      .select(['e.type', 'e.to_ref', 'i.id as target', 'e.rule'])
      .where('e.from_id', '=', 'slack:message:T1/C2/1700000000.000100')
      .where('e.origin', '=', 'text')
      .orderBy('e.to_ref')
      .execute();
    expect(fromSlack).toEqual([
      { type: 'REFERENCES', to_ref: 'github:octo/demo#7', target: 'github:issue:octo/demo#7', rule: 'github-url' },
      { type: 'REFERENCES', to_ref: 'key:ACME-12', target: 'jira:issue:ACME-12', rule: 'tracker-key' },
    ]);
    const reply = await db
      .selectFrom('edges')
      .select(['type', 'to_ref'])
      .where('from_id', '=', 'slack:message:T1/C2/1700000001.000200')
      .where('type', 'in', ['REPLIES_TO', 'MENTIONS'])
      .orderBy('type')
      .execute();
    expect(reply).toEqual([
      { type: 'MENTIONS', to_ref: 'identity:slack:U024BE7LH' },
      { type: 'REPLIES_TO', to_ref: 'slack:C2/1700000000.000100' },
    ]);
  });

  it('keeps a reference to an item not seen yet and resolves it when the item arrives', async () => {
    const slack = slackMessage('1700000000.000100', 'Waiting on ACME-99');
    const before = await project([slack]);
    expect(await before.selectFrom('pending_references').select('to_ref').where('type', '=', 'REFERENCES').execute()).toEqual([
      { to_ref: 'key:ACME-99' },
    ]);
    const after = await project([slack, jiraIssue('ACME-99', 'Later')]);
    expect(await after.selectFrom('pending_references').select('to_ref').where('type', '=', 'REFERENCES').execute()).toEqual([]);
  });

  it('applies what sources state about links, removals included, and drops a removed item’s edges', async () => {
    const db = await project(history());
    const links = await db.selectFrom('edges').select(['from_id', 'type', 'to_ref', 'rule']).where('origin', '=', 'source').execute();
    expect(links).toEqual([{ from_id: 'jira:issue:ACME-12', type: 'BLOCKS', to_ref: 'key:ACME-13', rule: 'jira-link' }]);
    expect(await db.selectFrom('edges').select('to_ref').where('from_id', '=', 'github:issue:octo/demo#8').execute()).toEqual([]);
  });

  it('makes one person of identities sharing an email, and honours link and unlink by hand', async () => {
    const jiraAnn: IdentityRef = { platform: 'jira', externalId: '5b10ac8d82e05b22cc7d4ef5', handle: 'ann' };
    const linked = createEvent(testOrigin('acme', 'pipe'), { type: 'person.linked', data: { identities: [octocat, jiraAnn] } });
    const unlinked = createEvent(testOrigin('acme', 'pipe'), { type: 'person.unlinked', data: { identity: slackBob } });
    const db = await project([...history(), linked]);
    const people = await db.selectFrom('identities').select(['platform', 'person_id']).orderBy('platform').execute();
    expect(new Set(people.map((p) => p.person_id))).toEqual(new Set(['github:583231']));
    expect(await db.selectFrom('people').selectAll().execute()).toEqual([
      { team: 'acme', id: 'github:583231', name: 'Mona', email: 'mona@example.com', identity_count: 3 },
    ]);

    const split = await project([...history(), linked, unlinked, identity(slackBob, 'mona@example.com', 'Bob again')]);
    const after = await split.selectFrom('identities').select(['platform', 'person_id', 'auto_merge']).orderBy('platform').execute();
    expect(after).toEqual([
      { platform: 'github', person_id: 'github:583231', auto_merge: true },
      { platform: 'jira', person_id: 'github:583231', auto_merge: true },
      { platform: 'slack', person_id: 'slack:U024BE7LH', auto_merge: false },
    ]);
  });

  it('records per-platform freshness', async () => {
    const db = await project(history());
    const stats = await db.selectFrom('source_stats').select(['platform', 'events']).orderBy('platform').execute();
    expect(stats).toEqual([
      { platform: 'github', events: 6 },
      { platform: 'jira', events: 5 },
      { platform: 'slack', events: 3 },
    ]);
  });
});

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
