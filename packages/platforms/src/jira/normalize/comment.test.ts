import { describe, expect, it } from 'vitest';
import { eventsOfType, jiraFixture, normalizedJiraEvents } from '../testing/jira-fixtures.js';

describe('jira comment events', () => {
  it('observes a created comment as a reply to its issue, without re-observing the partial issue', () => {
    const events = normalizedJiraEvents(jiraFixture('comment-created'));
    // The second item is the project (container.test.ts), never the partial issue.
    expect(events.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    expect(eventsOfType(events, 'item.observed').map((event) => event.data.item.id)).toEqual([
      'jira:comment:JRA-20002/252789',
      'jira:project:JRA',
    ]);
    expect(eventsOfType(events, 'item.observed')[0]?.data.item).toMatchObject({
      id: 'jira:comment:JRA-20002/252789',
      kind: 'comment',
      title: 'Comment on JRA-20002: I feel the need for speed',
      body: 'Just in time for AtlasCamp!',
      url: 'https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=252789',
      container: 'JRA',
      parentId: 'jira:issue:JRA-20002',
      author: { platform: 'jira', externalId: '99:27935d01-92a7-4687-8272-a9b8d3b2ae2e', handle: null },
      version: Date.parse('2011-06-07T15:31:26.805Z'),
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({ itemId: 'jira:issue:JRA-20002', verb: 'commented' });
  });

  it('observes an updated comment and records the edit on the comment', () => {
    const events = normalizedJiraEvents(jiraFixture('comment-updated'));
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({ itemId: 'jira:comment:JRA-20002/252789', verb: 'updated' });
  });

  it('removes a deleted comment', () => {
    const events = normalizedJiraEvents(jiraFixture('comment-deleted'));
    expect(eventsOfType(events, 'item.removed')[0]?.data).toEqual({
      itemId: 'jira:comment:JRA-20002/252789',
      platform: 'jira',
      kind: 'comment',
      version: 1525698237764,
    });
  });
});
