import { describe, expect, it } from 'vitest';
import { issueKeysIn } from './issue-keys.js';
import { normalizeJiraDelivery } from './normalize-jira-delivery.js';
import { eventsOfType, jiraFixture, jiraTestDelivery, normalizedJiraEvents } from '../testing/jira-fixtures.js';

const KNOWN = {
  issueKeys: new Map([
    ['99291', 'JRA-20002'],
    ['99292', 'JRA-20003'],
  ]),
};

describe('jira issue link events', () => {
  it('states a created Blocks link from the source issue to the destination', () => {
    const events = normalizedJiraEvents(jiraFixture('issuelink-created'), KNOWN);
    expect(events.map((event) => event.type)).toEqual(['link.observed']);
    expect(eventsOfType(events, 'link.observed')[0]?.data).toEqual({
      from: 'jira:issue:JRA-20002',
      to: 'jira:issue:JRA-20003',
      edge: 'BLOCKS',
      removed: false,
    });
  });

  it('states a deleted link as removed', () => {
    const [link] = eventsOfType(normalizedJiraEvents(jiraFixture('issuelink-deleted'), KNOWN), 'link.observed');
    expect(link?.data.removed).toBe(true);
  });

  it('skips a link whose issues Pipe has not seen, naming them', () => {
    const result = normalizeJiraDelivery(jiraTestDelivery(jiraFixture('issuelink-created')), {
      issueKeys: new Map([['99291', 'JRA-20002']]),
    });
    expect(result).toMatchObject({ outcome: 'skipped', event: 'issuelink_created' });
    expect(result.outcome === 'skipped' && result.reason).toMatch(/99292 not seen yet/);
  });

  it('learns issue keys from issue bodies and their links', () => {
    const payload = jiraFixture('issue-updated');
    payload.issue.fields.issuelinks = [{ id: '1', type: { name: 'Blocks' }, outwardIssue: { id: '99292', key: 'JRA-20003' } }];
    expect(issueKeysIn(payload)).toEqual([
      { id: '99291', key: 'JRA-20002' },
      { id: '99292', key: 'JRA-20003' },
    ]);
    expect(issueKeysIn(jiraFixture('issuelink-created'))).toEqual([]);
  });
});
