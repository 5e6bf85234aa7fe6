import { describe, expect, it } from 'vitest';
import { normalizeJiraDelivery } from './normalize-jira-delivery.js';
import { jiraFixture, jiraTestDelivery } from '../testing/jira-fixtures.js';

describe('normalizeJiraDelivery', () => {
  it('skips an event it does not normalise, naming it', () => {
    const payload = { ...jiraFixture('issue-updated'), webhookEvent: 'worklog_updated' };
    expect(normalizeJiraDelivery(jiraTestDelivery(payload))).toEqual({
      outcome: 'skipped',
      event: 'worklog_updated',
      action: null,
      reason: "jira event 'worklog_updated' is not normalised yet",
    });
  });

  it('does not find event names on Object.prototype', () => {
    const payload = { ...jiraFixture('issue-updated'), webhookEvent: 'constructor' };
    expect(normalizeJiraDelivery(jiraTestDelivery(payload)).outcome).toBe('skipped');
  });

  it('rejects a body without webhookEvent', () => {
    const { webhookEvent: _dropped, ...payload } = jiraFixture('issue-updated');
    expect(() => normalizeJiraDelivery(jiraTestDelivery(payload))).toThrow(/webhookEvent is missing/);
  });
});
