import { PipeEvent } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../kit/ingest-error.js';
import { normalizeGithubDelivery } from './index.js';
import { githubExample, githubExamples } from '../testing/github-examples.js';
import { githubTestDelivery } from '../testing/github-test-delivery.js';

const SUPPORTED_EVENTS = [
  'issues',
  'issue_comment',
  'pull_request',
  'pull_request_review',
  'push',
  'pull_request_review_comment',
  'commit_comment',
  'release',
  'create',
  'delete',
  'repository',
] as const;

/** The payload-independent part of an event: everything but its fresh envelope id. */
const withoutEnvelopeId = ({ id: _id, ...rest }: PipeEvent) => rest;

describe('normalizeGithubDelivery', () => {
  describe.each(SUPPORTED_EVENTS)('every real %s example', (event) => {
    it('normalises into schema-valid events, or a skip with a reason', () => {
      for (const payload of githubExamples(event)) {
        const result = normalizeGithubDelivery(githubTestDelivery(event, payload));
        if (result.outcome === 'skipped') {
          expect(result.reason).not.toBe('');
          continue;
        }
        expect(result.events.length).toBeGreaterThan(0);
        for (const pipeEvent of result.events) expect(() => PipeEvent.parse(pipeEvent)).not.toThrow();
      }
    });
  });

  it('orders identities first, then items, then activities', () => {
    const result = normalizeGithubDelivery(githubTestDelivery('pull_request_review', githubExample('pull_request_review', 'submitted')));
    if (result.outcome !== 'events') throw new Error('expected events');
    const rank = { 'identity.observed': 0, 'item.observed': 1, 'item.removed': 1, 'activity.observed': 2 } as Record<string, number>;
    const ranks = result.events.map((event) => rank[event.type]);
    expect(ranks).toEqual([...ranks].sort());
  });

  it('yields the same events, activity ids included, when GitHub redelivers a delivery', () => {
    for (const event of SUPPORTED_EVENTS) {
      const [payload] = githubExamples(event).filter(
        (example) => event !== 'push' || (example as { commits: unknown[] }).commits.length > 0,
      );
      const first = normalizeGithubDelivery(githubTestDelivery(event, payload));
      const second = normalizeGithubDelivery(githubTestDelivery(event, structuredClone(payload)));
      if (first.outcome !== 'events' || second.outcome !== 'events') throw new Error(`expected events for ${event}`);

      expect(second.events.map(withoutEnvelopeId)).toEqual(first.events.map(withoutEnvelopeId));
      expect(second.events.filter((e) => e.type === 'activity.observed').map((e) => e.data.activityId)).toEqual(
        first.events.filter((e) => e.type === 'activity.observed').map((e) => e.data.activityId),
      );
    }
  });

  it('mints a fresh envelope id for every event', () => {
    const result = normalizeGithubDelivery(githubTestDelivery('issues', githubExample('issues', 'opened')));
    if (result.outcome !== 'events') throw new Error('expected events');
    const ids = result.events.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('skips a ping', () => {
    expect(normalizeGithubDelivery(githubTestDelivery('ping', githubExample('ping')))).toEqual({
      outcome: 'skipped',
      event: 'ping',
      action: null,
      reason: 'ping',
    });
  });

  it('skips an event it does not normalise yet, naming it', () => {
    expect(normalizeGithubDelivery(githubTestDelivery('star', githubExample('star', 'created')))).toEqual({
      outcome: 'skipped',
      event: 'star',
      action: 'created',
      reason: "github event 'star' is not normalised yet",
    });
  });

  it('does not mistake an event name for a property of a plain object', () => {
    expect(normalizeGithubDelivery(githubTestDelivery('constructor', {})).outcome).toBe('skipped');
  });

  describe('a supported event with a field it needs missing', () => {
    const cases = [
      { event: 'issues', payload: () => withoutField(githubExample('issues', 'opened'), ['issue', 'number']), field: 'issue.number' },
      {
        event: 'issue_comment',
        payload: () => withoutField(githubExample('issue_comment', 'created'), ['comment', 'id']),
        field: 'comment.id',
      },
      { event: 'pull_request', payload: () => withoutField(githubExample('pull_request', 'opened'), ['repository']), field: 'repository' },
      {
        event: 'pull_request_review',
        payload: () => withoutField(githubExample('pull_request_review', 'submitted'), ['review', 'state']),
        field: 'review.state',
      },
      {
        event: 'push',
        payload: () =>
          withoutField(
            githubExamples('push').find((p) => p.commits.length > 0),
            ['commits', 0, 'id'],
          ),
        field: 'commits[0].id',
      },
    ];

    it.each(cases)('$event without $field throws IngestError INVALID_PAYLOAD naming it', ({ event, payload, field }) => {
      const normalize = () => normalizeGithubDelivery(githubTestDelivery(event, payload()));
      expect(normalize).toThrow(IngestError);
      expect(normalize).toThrow(`${field} is missing`);
      try {
        normalize();
      } catch (error) {
        expect(error).toMatchObject({ name: 'IngestError', code: 'INVALID_PAYLOAD', statusCode: 400 });
        expect((error as Error).cause).toBeDefined();
        expect((error as Error).message).toContain(`github '${event}' payload`);
      }
    });
  });

  it('says a field of the wrong type is invalid rather than missing', () => {
    const opened = githubExample('issues', 'opened');
    const payload = { ...opened, issue: { ...opened.issue, number: '1' } };
    expect(() => normalizeGithubDelivery(githubTestDelivery('issues', payload))).toThrow(/issue\.number is invalid/);
  });

  it('rejects a body that is not an object', () => {
    expect(() => normalizeGithubDelivery(githubTestDelivery('issues', 'not json'))).toThrow(/the payload is invalid/);
  });
});

/** A copy of a real payload with one field (at a path of keys and indexes) deleted. */
function withoutField(payload: unknown, path: readonly (string | number)[]): unknown {
  if (payload === undefined) throw new Error('no example payload to remove a field from');
  const copy = structuredClone(payload);
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  const last = path.at(-1);
  if (last === undefined || typeof parent !== 'object' || parent === null) throw new Error(`no field at ${path.join('.')}`);
  Reflect.deleteProperty(parent, last);
  return copy;
}
