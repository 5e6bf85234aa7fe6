import { describe, expect, it } from 'vitest';
import { EventDecodeError, decodeEvent, encodeEvent } from './codec.js';
import { createEvent } from './create-event.js';
import type { PipeEvent } from './envelope.js';
import { githubIssueSnapshot, itemObserved, testOrigin } from './testing/index.js';

describe('the event envelope', () => {
  it('round-trips every canonical event type through the log encoding', () => {
    const origin = testOrigin();
    const events: PipeEvent[] = [
      itemObserved(githubIssueSnapshot('octo/demo', 7, { body: 'fixes #3' })),
      itemObserved(
        githubIssueSnapshot('octo/demo', 7, {
          id: 'github:comment:octo/demo#7/1',
          kind: 'comment',
          title: 'Comment on octo/demo#7: t',
          titleComposed: true,
        }),
      ),
      createEvent(origin, {
        type: 'item.removed',
        data: { itemId: 'github:issue:octo/demo#7', platform: 'github', kind: 'issue', version: 2 },
      }),
      createEvent(origin, {
        type: 'link.observed',
        data: { from: 'jira:issue:ACME-1', to: 'jira:issue:ACME-2', edge: 'BLOCKS', removed: false },
      }),
      createEvent(origin, {
        type: 'activity.observed',
        data: { activityId: 'github:d:0', itemId: 'x', verb: 'opened', actor: null, summary: 's' },
      }),
      createEvent(origin, {
        type: 'identity.observed',
        data: { identity: { platform: 'github', externalId: '1', handle: 'octocat' }, name: null, email: null, url: null },
      }),
      createEvent(origin, { type: 'delivery.skipped', data: { event: 'star', action: 'created', reason: 'not normalised yet' } }),
    ];
    for (const event of events) expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });

  it('reads a snapshot written before titles said whether Pipe composed them as the source’s own', () => {
    const event = itemObserved(githubIssueSnapshot('octo/demo', 7)) as Extract<PipeEvent, { type: 'item.observed' }>;
    expect(event.data.item).not.toHaveProperty('titleComposed');
    expect((decodeEvent(encodeEvent(event)) as typeof event).data.item.titleComposed).toBeUndefined();
  });

  it('refuses to write an invalid event, and says what is wrong with one it reads', () => {
    const event = itemObserved(githubIssueSnapshot('octo/demo', 1));
    expect(() => encodeEvent({ ...event, team: 'Not A Slug' } as PipeEvent)).toThrow(/team slug/);
    const bytes = new TextEncoder().encode(JSON.stringify({ ...event, type: 'item.exploded' }));
    expect(() => decodeEvent(bytes)).toThrow(EventDecodeError);
    expect(() => decodeEvent(new TextEncoder().encode('{not json'))).toThrow(/not JSON/);
    const { version: _v, ...withoutVersion } = (event as Extract<PipeEvent, { type: 'item.observed' }>).data.item;
    const missing = new TextEncoder().encode(JSON.stringify({ ...event, data: { item: withoutVersion } }));
    expect(() => decodeEvent(missing)).toThrow(/version/);
  });
});
