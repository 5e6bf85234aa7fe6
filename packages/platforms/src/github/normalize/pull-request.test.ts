import { describe, expect, it } from 'vitest';
import { githubExample } from '../testing/github-examples.js';
import { githubTestDelivery, TEST_DELIVERY_ID } from '../testing/github-test-delivery.js';
import { eventsOfType, normalizedEvents } from '../testing/normalized-events.js';

const PULL_REQUEST_ID = 'github:pull_request:Codertocat/Hello-World#2';

describe('pull_request', () => {
  it('observes an opened pull request and the opening', () => {
    const payload = githubExample('pull_request', 'opened');
    const events = normalizedEvents(githubTestDelivery('pull_request', payload));

    expect(events.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    expect(eventsOfType(events, 'item.observed')[0]?.data.item).toEqual({
      id: PULL_REQUEST_ID,
      platform: 'github',
      kind: 'pull_request',
      title: payload.pull_request.title,
      body: payload.pull_request.body ?? '',
      url: 'https://github.com/Codertocat/Hello-World/pull/2',
      state: 'open',
      container: 'Codertocat/Hello-World',
      parentId: null,
      author: { platform: 'github', externalId: '21031067', handle: 'Codertocat' },
      createdAt: new Date(payload.pull_request.created_at).toISOString(),
      updatedAt: new Date(payload.pull_request.updated_at).toISOString(),
      version: Date.parse(payload.pull_request.updated_at),
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({
      activityId: `github:${TEST_DELIVERY_ID}:0`,
      itemId: PULL_REQUEST_ID,
      verb: 'opened',
      summary: 'Codertocat opened pull request Codertocat/Hello-World#2: Update the README with new information.',
    });
  });

  it('observes a pull request closed without merging as closed', () => {
    const payload = githubExample('pull_request', 'closed');
    expect(payload.pull_request.merged).toBe(false);
    const events = normalizedEvents(githubTestDelivery('pull_request', payload));
    expect(eventsOfType(events, 'item.observed')[0]?.data.item.state).toBe('closed');
    expect(eventsOfType(events, 'activity.observed')[0]?.data.verb).toBe('closed');
  });

  it('observes a pull request closed by merging as merged', () => {
    const closed = githubExample('pull_request', 'closed');
    const payload = { ...closed, pull_request: { ...closed.pull_request, merged: true, merged_at: closed.pull_request.closed_at } };
    const events = normalizedEvents(githubTestDelivery('pull_request', payload));

    expect(eventsOfType(events, 'item.observed')[0]?.data.item.state).toBe('merged');
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({
      verb: 'merged',
      summary: 'Codertocat merged pull request Codertocat/Hello-World#2: Update the README with new information.',
    });
  });

  it('takes merged_at alone as merged, as review payloads carry no merged flag', () => {
    const closed = githubExample('pull_request', 'closed');
    const { merged: _merged, ...withoutMergedFlag } = closed.pull_request;
    const payload = { ...closed, pull_request: { ...withoutMergedFlag, merged_at: closed.pull_request.closed_at } };
    const events = normalizedEvents(githubTestDelivery('pull_request', payload));
    expect(eventsOfType(events, 'item.observed')[0]?.data.item.state).toBe('merged');
  });

  it('words a synchronize as synchronized', () => {
    const events = normalizedEvents(githubTestDelivery('pull_request', githubExample('pull_request', 'synchronize')));
    expect(eventsOfType(events, 'activity.observed')[0]?.data.verb).toBe('synchronized');
  });
});
