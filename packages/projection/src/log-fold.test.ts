import type { Delivery } from '@pipe/bus';
import { type IdentityRef, type PipeEvent, createEvent } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved, itemRemoved, testOrigin } from '@pipe/events/testing';
import { describe, expect, it } from 'vitest';
import { LogFold } from './log-fold.js';
import { planBatch } from './plan-batch.js';
import { derivedEdges } from './units/items.js';
import { statedEdges } from './units/source-links.js';

const octocat: IdentityRef = { platform: 'github', externalId: '583231', handle: 'octocat' };
const link = (edge: 'BLOCKS' | 'RELATES_TO', removed = false): PipeEvent =>
  createEvent(testOrigin('acme', 'jira'), {
    type: 'link.observed',
    data: { from: 'jira:issue:ACME-12', to: 'jira:issue:ACME-13', edge, removed },
  });

/** A history touching every folded projection: updates, late and removed snapshots, links and their removal, redelivered activities. */
function history(): Delivery<PipeEvent>[] {
  const issue = githubIssueSnapshot('octo/demo', 7, { body: 'Crash, see ACME-12. cc @hubot', author: octocat });
  const events: PipeEvent[] = [
    itemObserved(issue),
    itemObserved({ ...issue, title: 'Crash (updated)', version: 5 }),
    itemObserved({ ...issue, title: 'late and older', version: 3 }),
    link('BLOCKS'),
    link('RELATES_TO'),
    activityObserved('github:issue:octo/demo#7', 'opened', 'a1'),
    itemObserved(githubIssueSnapshot('octo/demo', 8, { body: 'fixes #7', version: 3 })),
    link('RELATES_TO', true),
    activityObserved('github:issue:octo/demo#7', 'opened again', 'a1'),
    itemRemoved(githubIssueSnapshot('octo/demo', 8), 4),
    createEvent(testOrigin('acme', 'github'), {
      type: 'identity.observed',
      data: { identity: octocat, name: 'Mona', email: null, url: null },
    }),
    itemObserved(githubIssueSnapshot('octo/demo', 9, { body: 'fixes #7', version: 1 }), 'globex'),
  ];
  return events.map((value, i) => ({ value, seq: i + 1, subject: 'pipe.events.0.acme.github.x' }) as Delivery<PipeEvent>);
}

/** The log cut into batches of `size` events, each planned and folded in order. */
function foldInBatches(log: Delivery<PipeEvent>[], size: number): LogFold {
  const fold = new LogFold();
  for (let i = 0; i < log.length; i += size) fold.add(planBatch(log.slice(i, i + size)));
  return fold;
}

describe('LogFold', () => {
  const log = history();
  const whole = planBatch(log);

  for (const size of [1, 2, 5]) {
    it(`folded in batches of ${size}, holds the rows of the whole log planned as one batch`, () => {
      const fold = foldInBatches(log, size);
      expect([...fold.items.rows.values()]).toEqual([...whole.items.rows.values()]);
      expect([...fold.items.snapshots.keys()].sort()).toEqual([...whole.items.snapshots.keys()].sort());
      expect([...fold.links.values()]).toEqual([...whole.links.values()]);
      expect([...fold.activities.values()]).toEqual([...whole.activities.values()]);
      expect([...fold.stats.values()]).toEqual([...whole.stats.values()]);
    });
  }

  it('ends in the newest snapshot of each item, the first record of each activity, the latest statement of each link, counts added up', () => {
    const fold = foldInBatches(log, 3);
    expect([...fold.items.rows.values()].map((r) => [r.team, r.id, r.title, r.version, r.state])).toEqual([
      ['acme', 'github:issue:octo/demo#7', 'Crash (updated)', 5, 'open'],
      ['acme', 'github:issue:octo/demo#8', '', 4, 'removed'],
      ['globex', 'github:issue:octo/demo#9', 'Issue 9', 1, 'open'],
    ]);
    expect([...fold.activities.values()].map((a) => a.verb)).toEqual(['opened']);
    expect([...fold.links.values()].map((l) => [l.type, l.removed])).toEqual([
      ['BLOCKS', false],
      ['RELATES_TO', true],
    ]);
    expect([...fold.stats.values()].map((s) => [s.team, s.platform, s.events, s.last_event_seq])).toEqual([
      ['acme', 'github', 8, 11],
      ['acme', 'jira', 3, 8],
      ['globex', 'github', 1, 12],
    ]);
  });

  it('derives the edges of the final snapshots, part by part, and states the links standing', () => {
    const fold = foldInBatches(log, 2);
    const rows = [...fold.items.rows.values()];
    const byParts = [...fold.derivedEdges(rows.slice(0, 1)), ...fold.derivedEdges(rows.slice(1))];
    expect(byParts).toEqual(derivedEdges(whole.items, [...whole.items.rows.values()]));
    expect(byParts.some((e) => e.from_id === 'github:issue:octo/demo#8')).toBe(false); // removed: no edges
    expect(byParts).toContainEqual(expect.objectContaining({ team: 'globex', from_id: 'github:issue:octo/demo#9', type: 'CLOSES' }));
    expect(fold.statedEdges()).toEqual(statedEdges(whole.links));
    expect(fold.statedEdges().map((e) => e.type)).toEqual(['BLOCKS']);
  });

  it('leaves people out: their merges depend on order', () => {
    expect(Object.keys(foldInBatches(log, 4))).not.toContain('people');
  });
});
