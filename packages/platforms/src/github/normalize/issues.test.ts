import { describe, expect, it } from 'vitest';
import { githubExample } from '../testing/github-examples.js';
import { githubTestDelivery, TEST_DELIVERY_ID, TEST_RECEIVED_AT } from '../testing/github-test-delivery.js';
import { eventsOfType, normalizedEvents } from '../testing/normalized-events.js';
import { normalizeGithubDelivery } from './normalize-github-delivery.js';

const CODERTOCAT = { platform: 'github', externalId: '21031067', handle: 'Codertocat' };

describe('issues', () => {
  it('observes an opened issue, its people, and the opening', () => {
    const payload = githubExample('issues', 'opened');
    const events = normalizedEvents(githubTestDelivery('issues', payload));

    expect(events.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    const [identity] = eventsOfType(events, 'identity.observed');
    expect(identity?.data.identity).toEqual(CODERTOCAT);
    expect(identity?.data.url).toBe('https://github.com/Codertocat');

    const [observed] = eventsOfType(events, 'item.observed');
    expect(observed?.data.item).toEqual({
      id: 'github:issue:Codertocat/Hello-World#1',
      platform: 'github',
      kind: 'issue',
      title: payload.issue.title,
      body: payload.issue.body,
      url: 'https://github.com/Codertocat/Hello-World/issues/1',
      state: 'open',
      container: 'Codertocat/Hello-World',
      parentId: null,
      author: CODERTOCAT,
      createdAt: '2019-05-15T15:20:18.000Z',
      updatedAt: '2019-05-15T15:20:18.000Z',
      version: Date.parse('2019-05-15T15:20:18Z'),
    });

    const [activity] = eventsOfType(events, 'activity.observed');
    expect(activity?.data).toEqual({
      activityId: `github:${TEST_DELIVERY_ID}:0`,
      itemId: 'github:issue:Codertocat/Hello-World#1',
      verb: 'opened',
      actor: CODERTOCAT,
      summary: 'Codertocat opened issue Codertocat/Hello-World#1: Spelling error in the README file',
    });
    expect(events.every((event) => event.occurredAt === '2019-05-15T15:20:18.000Z')).toBe(true);
    expect(events.every((event) => event.source.deliveryId === TEST_DELIVERY_ID && event.team === 'acme')).toBe(true);
  });

  it('stores a null body as an empty string', () => {
    const payload = githubExample('issues', 'opened');
    payload.issue.body = null;
    const [observed] = eventsOfType(normalizedEvents(githubTestDelivery('issues', payload)), 'item.observed');
    expect(observed?.data.item.body).toBe('');
  });

  it('observes a closed issue as closed', () => {
    // The examples have no `closed` delivery; a `reopened` one turned around stands in.
    const reopened = githubExample('issues', 'reopened');
    const payload = { ...reopened, action: 'closed', issue: { ...reopened.issue, state: 'closed' } };
    const events = normalizedEvents(githubTestDelivery('issues', payload));
    expect(eventsOfType(events, 'item.observed')[0]?.data.item.state).toBe('closed');
    expect(eventsOfType(events, 'activity.observed')[0]?.data.verb).toBe('closed');
  });

  it('infers the state from closed_at when the payload leaves state out', () => {
    const payload = githubExample('issues', 'pinned');
    expect(payload.issue).not.toHaveProperty('state');
    const events = normalizedEvents(githubTestDelivery('issues', payload));
    expect(eventsOfType(events, 'item.observed')[0]?.data.item.state).toBe('open');
  });

  it('removes a deleted issue with a version no older snapshot can beat', () => {
    const payload = githubExample('issues', 'deleted');
    const events = normalizedEvents(githubTestDelivery('issues', payload));

    expect(eventsOfType(events, 'item.observed').map((event) => event.data.item.id)).toEqual(['github:repository:Codertocat/Hello-World']);
    const [removed] = eventsOfType(events, 'item.removed');
    expect(removed?.data).toEqual({
      itemId: 'github:issue:Codertocat/Hello-World#1',
      platform: 'github',
      kind: 'issue',
      version: Date.parse(TEST_RECEIVED_AT),
    });
    expect(removed?.data.version).toBeGreaterThan(Date.parse(payload.issue.updated_at));
    expect(eventsOfType(events, 'activity.observed')[0]?.data.verb).toBe('deleted');
    expect(removed?.occurredAt).toBe(TEST_RECEIVED_AT);
  });

  it('records an issues action on a pull request against the pull request, without an issue snapshot', () => {
    const payload = githubExample('issues', 'milestoned');
    expect(payload.issue.pull_request).toBeTruthy();
    const events = normalizedEvents(githubTestDelivery('issues', payload));

    expect(eventsOfType(events, 'item.observed').map((event) => event.data.item.id)).toEqual(['github:repository:Codertocat/Hello-World']);
    const [activity] = eventsOfType(events, 'activity.observed');
    expect(activity?.data.itemId).toBe('github:pull_request:Codertocat/Hello-World#2');
    expect(activity?.data.summary).toBe(
      'Codertocat milestoned pull request Codertocat/Hello-World#2: Update the README with new information.',
    );
  });

  it('skips a transferred issue', () => {
    const result = normalizeGithubDelivery(githubTestDelivery('issues', githubExample('issues', 'transferred')));
    expect(result).toEqual({
      outcome: 'skipped',
      event: 'issues',
      action: 'transferred',
      reason: "github 'issues' action 'transferred' is not normalised yet",
    });
  });
});
