import { describe, expect, it } from 'vitest';
import { githubExample } from '../testing/github-examples.js';
import { githubTestDelivery, TEST_DELIVERY_ID, TEST_RECEIVED_AT } from '../testing/github-test-delivery.js';
import { eventsOfType, normalizedEvents } from '../testing/normalized-events.js';

const PULL_REQUEST_ID = 'github:pull_request:Codertocat/Hello-World#2';
const REVIEW_ID = 'github:review:Codertocat/Hello-World#2/237895671';

describe('pull_request_review', () => {
  it('observes a submitted review under its pull request, the pull request, and the reviewing', () => {
    const payload = githubExample('pull_request_review', 'submitted');
    const events = normalizedEvents(githubTestDelivery('pull_request_review', payload));

    expect(events.map((event) => event.type)).toEqual([
      'identity.observed',
      'item.observed',
      'item.observed',
      'item.observed',
      'activity.observed',
    ]);
    const [pullRequest, review] = eventsOfType(events, 'item.observed').map((event) => event.data.item);
    expect(pullRequest).toMatchObject({ id: PULL_REQUEST_ID, kind: 'pull_request', state: 'open' });
    expect(review).toEqual({
      id: REVIEW_ID,
      platform: 'github',
      kind: 'review',
      title: 'Review of Codertocat/Hello-World#2: Update the README with new information.',
      titleComposed: true,
      body: '',
      url: payload.review.html_url,
      state: 'commented',
      container: 'Codertocat/Hello-World',
      parentId: PULL_REQUEST_ID,
      author: { platform: 'github', externalId: '21031067', handle: 'Codertocat' },
      createdAt: '2019-05-15T15:20:38.000Z',
      updatedAt: '2019-05-15T15:20:38.000Z',
      version: Date.parse('2019-05-15T15:20:38Z'),
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({
      activityId: `github:${TEST_DELIVERY_ID}:0`,
      itemId: PULL_REQUEST_ID,
      verb: 'reviewed',
      summary: 'Codertocat reviewed pull request Codertocat/Hello-World#2 (commented): Update the README with new information.',
    });
    expect(events[0]?.occurredAt).toBe('2019-05-15T15:20:38.000Z');
  });

  it('lowercases the review state', () => {
    const submitted = githubExample('pull_request_review', 'submitted');
    const payload = { ...submitted, review: { ...submitted.review, state: 'CHANGES_REQUESTED' } };
    const events = normalizedEvents(githubTestDelivery('pull_request_review', payload));
    expect(eventsOfType(events, 'item.observed')[1]?.data.item.state).toBe('changes_requested');
    expect(eventsOfType(events, 'activity.observed')[0]?.data.summary).toContain('(changes requested)');
  });

  it('versions a dismissal by its arrival so that it replaces the submitted review', () => {
    const payload = githubExample('pull_request_review', 'dismissed');
    const events = normalizedEvents(githubTestDelivery('pull_request_review', payload));

    const review = eventsOfType(events, 'item.observed')[1]?.data.item;
    expect(review).toMatchObject({ id: REVIEW_ID, state: 'dismissed', version: Date.parse(TEST_RECEIVED_AT) });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({ itemId: REVIEW_ID, verb: 'dismissed' });
  });
});
