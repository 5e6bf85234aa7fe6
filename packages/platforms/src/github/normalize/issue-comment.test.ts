import { describe, expect, it } from 'vitest';
import { githubExample } from '../testing/github-examples.js';
import { githubTestDelivery, TEST_DELIVERY_ID, TEST_RECEIVED_AT } from '../testing/github-test-delivery.js';
import { eventsOfType, normalizedEvents } from '../testing/normalized-events.js';

const COMMENT_ID = 'github:comment:Codertocat/Hello-World#1/492700400';
const ISSUE_ID = 'github:issue:Codertocat/Hello-World#1';

describe('issue_comment', () => {
  it('observes a new comment under its issue, the issue itself, and the commenting', () => {
    const payload = githubExample('issue_comment', 'created');
    const events = normalizedEvents(githubTestDelivery('issue_comment', payload));

    expect(events.map((event) => event.type)).toEqual([
      'identity.observed',
      'item.observed',
      'item.observed',
      'item.observed',
      'activity.observed',
    ]);
    const [issue, comment] = eventsOfType(events, 'item.observed').map((event) => event.data.item);
    expect(issue?.id).toBe(ISSUE_ID);
    expect(comment).toMatchObject({
      id: COMMENT_ID,
      kind: 'comment',
      parentId: ISSUE_ID,
      body: payload.comment.body,
      url: payload.comment.html_url,
      state: null,
      container: 'Codertocat/Hello-World',
      author: { platform: 'github', externalId: '21031067', handle: 'Codertocat' },
      version: Date.parse(payload.comment.updated_at),
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({
      activityId: `github:${TEST_DELIVERY_ID}:0`,
      itemId: ISSUE_ID,
      verb: 'commented',
      summary: 'Codertocat commented on issue Codertocat/Hello-World#1: Spelling error in the README file',
    });
    expect(events[0]?.occurredAt).toBe(new Date(payload.comment.updated_at).toISOString());
  });

  it('puts a comment on a pull request under the pull request, and leaves the pull request snapshot alone', () => {
    // The examples have no comment on a pull request; a real `issues` payload about pull request
    // #2 supplies the pull request's issue view.
    const payload = { ...githubExample('issue_comment', 'created'), issue: githubExample('issues', 'milestoned').issue };
    const events = normalizedEvents(githubTestDelivery('issue_comment', payload));

    const items = eventsOfType(events, 'item.observed').map((event) => event.data.item);
    expect(items.map((item) => item.kind)).toEqual(['comment', 'repository']);
    expect(items[0]?.id).toBe('github:comment:Codertocat/Hello-World#2/492700400');
    expect(items[0]?.parentId).toBe('github:pull_request:Codertocat/Hello-World#2');
    expect(eventsOfType(events, 'activity.observed')[0]?.data.itemId).toBe('github:pull_request:Codertocat/Hello-World#2');
  });

  it('records an edit against the comment', () => {
    const events = normalizedEvents(githubTestDelivery('issue_comment', githubExample('issue_comment', 'edited')));
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({ itemId: COMMENT_ID, verb: 'edited' });
  });

  it('removes a deleted comment', () => {
    const payload = githubExample('issue_comment', 'deleted');
    const events = normalizedEvents(githubTestDelivery('issue_comment', payload));

    expect(eventsOfType(events, 'item.observed').map((event) => event.data.item.kind)).toEqual(['issue', 'repository']);
    expect(eventsOfType(events, 'item.removed')[0]?.data).toEqual({
      itemId: COMMENT_ID,
      platform: 'github',
      kind: 'comment',
      version: Date.parse(TEST_RECEIVED_AT),
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({ itemId: COMMENT_ID, verb: 'deleted' });
  });
});
