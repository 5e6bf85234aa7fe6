import { githubIssueSnapshot, activityObserved, itemObserved, itemRemoved } from '@pipe/events/testing';
import { describe, expect, it } from 'vitest';
import { specify } from '../testing/given-when-then.js';
import { derivedEdges, items } from './items.js';

const given = specify(items);
const issue = (version: number, overrides: Parameters<typeof githubIssueSnapshot>[2] = {}) =>
  githubIssueSnapshot('octo/demo', 7, { version, ...overrides });
const ID = 'github:issue:octo/demo#7';

describe('the items projection', () => {
  it('makes a row of a snapshot, with its reference and author', () => {
    given()
      .when(itemObserved(issue(1, { title: 'Crash on start' })))
      .then([
        {
          team: 'acme',
          id: ID,
          ref: 'github:octo/demo#7',
          platform: 'github',
          kind: 'issue',
          title: 'Crash on start',
          container: 'octo/demo',
          author_handle: 'octocat',
          author_external_id: '1',
          version: 1,
          event_seq: 1,
          removed_at: null,
        },
      ]);
  });

  it('keeps the newest version of an item', () => {
    given(itemObserved(issue(1, { title: 'old' })))
      .when(itemObserved(issue(2, { title: 'new' })))
      .then([{ id: ID, title: 'new', version: 2, event_seq: 2 }]);
  });

  it('ignores an older snapshot arriving late', () => {
    given(itemObserved(issue(5, { title: 'newer' })))
      .when(itemObserved(issue(3, { title: 'older' })))
      .then([{ id: ID, title: 'newer', version: 5, event_seq: 1 }]);
  });

  it('at the same version, breaks the tie on the later event', () => {
    given(itemObserved(issue(4, { title: 'first' })))
      .when(itemObserved(issue(4, { title: 'second' })))
      .then([{ title: 'second', event_seq: 2 }]);
  });

  it('turns a removed item into a tombstone without its text', () => {
    given(itemObserved(issue(1, { title: 'secret', body: 'secret body' })))
      .when(itemRemoved(issue(1), 2))
      .then([{ id: ID, title: '', body: '', url: null, state: 'removed', author_handle: null, version: 2, event_seq: 2 }]);
  });

  it('lets a removal beat an observation of the same version, whatever their order', () => {
    given(itemRemoved(issue(3), 3))
      .when(itemObserved(issue(3, { title: 'revived?' })))
      .then([{ title: '', state: 'removed', event_seq: 1 }]);
  });

  it('keeps teams apart', () => {
    given(itemObserved(issue(1), 'acme'))
      .when(itemObserved(issue(1), 'globex'))
      .then([
        { team: 'acme', id: ID },
        { team: 'globex', id: ID },
      ]);
  });

  it('reads only item events', () => {
    given(itemObserved(issue(1)))
      .when(activityObserved(ID, 'opened', 'a1'))
      .then([{ id: ID, version: 1 }]);
  });

  it('derives edges from the snapshot that won, none from a tombstone', () => {
    const state = items.start();
    items.plan(state, itemObserved(issue(2, { body: 'fixes #8' })), 1);
    items.plan(state, itemObserved(issue(1, { body: 'see #9' })), 2);
    items.plan(state, itemObserved(githubIssueSnapshot('octo/demo', 10, { body: 'fixes #8' })), 3);
    items.plan(state, itemRemoved(githubIssueSnapshot('octo/demo', 10), 2), 4);
    const edges = derivedEdges(state, items.rows(state));
    expect(edges.filter((e) => e.origin === 'text')).toEqual([
      expect.objectContaining({ from_id: ID, type: 'CLOSES', to_ref: 'github:octo/demo#8' }),
    ]);
    expect(edges.every((e) => e.from_id === ID)).toBe(true);
  });
});
