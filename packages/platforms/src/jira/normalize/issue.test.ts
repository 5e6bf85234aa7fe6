import { describe, expect, it } from 'vitest';
import { eventsOfType, jiraFixture, normalizedJiraEvents, TEST_DELIVERY_ID } from '../testing/jira-fixtures.js';

const BRYAN = { platform: 'jira', externalId: '99:27935d01-92a7-4687-8272-a9b8d3b2ae2e', handle: null };

describe('jira issue events', () => {
  it('observes the documented updated issue, its people and the update', () => {
    const events = normalizedJiraEvents(jiraFixture('issue-updated'));
    expect(events.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    expect(eventsOfType(events, 'identity.observed')[0]?.data).toEqual({
      identity: BRYAN,
      name: 'Bryan Rollins [Atlassian]',
      email: null,
      url: 'https://jira.atlassian.com/rest/api/2/user?accountId=99:27935d01-92a7-4687-8272-a9b8d3b2ae2e',
    });
    expect(eventsOfType(events, 'item.observed')[0]?.data.item).toEqual({
      id: 'jira:issue:JRA-20002',
      platform: 'jira',
      kind: 'issue',
      title: 'I feel the need for speed',
      body: 'Make the issue nav load 10x faster',
      url: 'https://jira.atlassian.com/browse/JRA-20002',
      state: null,
      container: 'JRA',
      parentId: null,
      author: null,
      createdAt: '2009-12-17T05:46:10.612Z',
      // The documented body has no `fields.updated`: the webhook's timestamp is the version.
      updatedAt: new Date(1525698237764).toISOString(),
      version: 1525698237764,
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toEqual({
      activityId: `jira:${TEST_DELIVERY_ID}:0`,
      itemId: 'jira:issue:JRA-20002',
      verb: 'updated',
      actor: BRYAN,
      summary: 'Bryan Rollins [Atlassian] updated issue JRA-20002: I feel the need for speed',
    });
  });

  it('versions a snapshot by fields.updated when Jira sends it', () => {
    const payload = jiraFixture('issue-created');
    payload.issue.fields.updated = '2024-05-01T10:00:00.000+0200';
    payload.issue.fields.status = { name: 'To Do' };
    payload.issue.fields.project = { key: 'JRA' };
    const [observed] = eventsOfType(normalizedJiraEvents(payload), 'item.observed');
    expect(observed?.data.item.version).toBe(Date.parse('2024-05-01T08:00:00.000Z'));
    expect(observed?.data.item.state).toBe('To Do');
    expect(eventsOfType(normalizedJiraEvents(payload), 'activity.observed')[0]?.data.verb).toBe('created');
  });

  it('removes a deleted issue at a version no earlier than its last snapshot', () => {
    const events = normalizedJiraEvents(jiraFixture('issue-deleted'));
    expect(eventsOfType(events, 'item.observed').map((event) => event.data.item.id)).toEqual(['jira:project:JRA']);
    expect(eventsOfType(events, 'item.removed')[0]?.data).toEqual({
      itemId: 'jira:issue:JRA-20002',
      platform: 'jira',
      kind: 'issue',
      version: 1525698237764,
    });
  });

  it('states the links of fields.issuelinks from their outward side', () => {
    const payload = jiraFixture('issue-updated');
    payload.issue.fields.issuelinks = [
      { id: '1', type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { id: '10', key: 'JRA-10' } },
      { id: '2', type: { name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' }, inwardIssue: { id: '11', key: 'JRA-11' } },
      { id: '3', type: { name: 'Cloners', inward: 'is cloned by', outward: 'clones' }, outwardIssue: { id: '12', key: 'JRA-12' } },
    ];
    expect(eventsOfType(normalizedJiraEvents(payload), 'link.observed').map((event) => event.data)).toEqual([
      { from: 'jira:issue:JRA-20002', to: 'jira:issue:JRA-10', edge: 'BLOCKS', removed: false },
      { from: 'jira:issue:JRA-11', to: 'jira:issue:JRA-20002', edge: 'DUPLICATES', removed: false },
      { from: 'jira:issue:JRA-20002', to: 'jira:issue:JRA-12', edge: 'RELATES_TO', removed: false },
    ]);
  });

  it('reads the text of an Atlassian Document Format description', () => {
    const payload = jiraFixture('issue-updated');
    payload.issue.fields.description = {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Blocked on ' },
            { type: 'text', text: 'ENG-42' },
          ],
        },
        { type: 'paragraph', content: [{ type: 'mention', attrs: { id: 'abc', text: '@Bryan' } }] },
      ],
    };
    expect(eventsOfType(normalizedJiraEvents(payload), 'item.observed')[0]?.data.item.body).toBe('Blocked on ENG-42\n@Bryan');
  });

  it('names the missing field of an invalid issue body', () => {
    const payload = jiraFixture('issue-updated');
    delete payload.issue.key;
    expect(() => normalizedJiraEvents(payload)).toThrow(/issue\.key is missing/);
  });
});
