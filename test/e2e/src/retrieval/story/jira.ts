import type { HistoryDelivery } from '../../history/deliveries/index.js';
import { type JiraComment, type JiraIssue, commentEvent, issueCreated, issueLink, issueUpdated } from '../../history/deliveries/jira.js';

// The retrieval story's Jira side: project PAY on acme.atlassian.net, keys PAY-201 and up, with
// the history's builders (the documented Jira Cloud fixtures).

const BLOCKS = { id: 10000, name: 'Blocks', outwardName: 'blocks', inwardName: 'is blocked by' };
const RELATES = { id: 10003, name: 'Relates', outwardName: 'relates to', inwardName: 'relates to' };

/** The Jira side of the retrieval story. */
export function jiraStory(): HistoryDelivery[] {
  const pay201: JiraIssue = {
    id: '20201',
    key: 'PAY-201',
    summary: 'Payment confirmation timeouts (incident 2026-11-23)',
    description:
      'Customers could not complete checkout for 40 minutes: confirmation calls to the payment provider hung. ' +
      'Engineering follow-up: https://github.com/acme/checkout/issues/41',
    reporter: 'lars',
    createdAt: '2026-11-23T10:20:00Z',
  };
  const pay202: JiraIssue = {
    id: '20202',
    key: 'PAY-202',
    summary: 'Alert when payment confirmation p99 exceeds 5 seconds',
    description: 'Action item from the PAY-201 incident review: page the on-call engineer before customers notice.',
    reporter: 'lars',
    createdAt: '2026-11-25T09:00:00Z',
  };
  const pay205: JiraIssue = {
    id: '20205',
    key: 'PAY-205',
    summary: 'Finance reconciliation: orders missing from the monthly report',
    description: 'The November reconciliation is short by 212 orders. Engineering issue: https://github.com/acme/checkout/issues/43',
    reporter: 'maya',
    createdAt: '2026-11-24T13:30:00Z',
  };
  const pay210: JiraIssue = {
    id: '20210',
    key: 'PAY-210',
    summary: 'Upgrade the payments database to Postgres 16',
    description: 'pg_upgrade in link mode during a Saturday maintenance window; plan in the Notion page "Database upgrade plan".',
    reporter: 'lars',
    createdAt: '2026-11-30T14:00:00Z',
  };
  const pay211: JiraIssue = {
    id: '20211',
    key: 'PAY-211',
    summary: 'Check extensions (pg_trgm, pgcrypto) on Postgres 16',
    description: 'Every extension we use must exist in the 16 image before PAY-210 can go ahead.',
    reporter: 'dev',
    createdAt: '2026-11-30T14:30:00Z',
  };
  const pay215: JiraIssue = {
    id: '20215',
    key: 'PAY-215',
    summary: 'Rate limit the public API per API key',
    description: 'One merchant integration sent 4,000 requests per second and slowed the orders API for everyone.',
    reporter: 'tom',
    createdAt: '2026-11-25T16:00:00Z',
  };
  const pay220: JiraIssue = {
    id: '20220',
    key: 'PAY-220',
    summary: 'Quarterly PCI compliance review',
    description: 'Collect evidence for the Q4 self-assessment questionnaire.',
    reporter: 'maya',
    createdAt: '2026-12-01T11:00:00Z',
  };
  const pay221: JiraIssue = {
    id: '20221',
    key: 'PAY-221',
    summary: 'Refunds to Klarna fail with a currency mismatch',
    description: 'SEK orders are refunded in EUR; Klarna rejects them.',
    reporter: 'priya',
    createdAt: '2026-12-02T11:30:00Z',
  };
  const comment = (id: string, on: JiraIssue, author: JiraComment['author'], body: string, createdAt: string): HistoryDelivery =>
    commentEvent('comment-created', { id, on, author, body, createdAt }, createdAt);

  return [
    issueCreated(pay201),
    comment(
      '12011',
      pay201,
      'priya',
      'Root cause: the provider SDK has no client timeout and our retries multiplied the wait. Fix in https://github.com/acme/checkout/pull/42',
      '2026-11-24T10:00:00Z',
    ),
    issueUpdated(pay201, 'priya', '2026-11-24T15:30:00Z', 'Done'),
    issueCreated(pay202),
    issueLink(12020, pay202, pay201, RELATES, '2026-11-25T09:05:00Z'),
    comment('12021', pay202, 'lars', 'Alert rule added in Grafana, routed to the payments on-call rotation.', '2026-11-26T14:00:00Z'),
    issueUpdated(pay202, 'lars', '2026-11-26T14:05:00Z', 'Done'),
    issueCreated(pay205),
    comment(
      '12051',
      pay205,
      'tom',
      'All 212 missing orders have a comma in the customer name, see the GitHub issue.',
      '2026-11-24T16:00:00Z',
    ),
    issueUpdated(pay205, 'maya', '2026-11-25T16:30:00Z', 'Done'),
    issueCreated(pay210),
    issueCreated(pay211),
    issueLink(12110, pay211, pay210, BLOCKS, '2026-11-30T14:35:00Z'),
    comment(
      '12111',
      pay211,
      'dev',
      'pg_trgm 1.6 and pgcrypto are both in the 16 image; nothing blocks the upgrade any more.',
      '2026-12-02T15:00:00Z',
    ),
    issueUpdated(pay211, 'dev', '2026-12-02T15:05:00Z', 'Done'),
    comment(
      '12101',
      pay210,
      'lars',
      'Rehearsed on staging: pg_upgrade --link took 3 minutes, rollback is the volume snapshot.',
      '2026-12-03T16:00:00Z',
    ),
    issueCreated(pay215),
    comment(
      '12151',
      pay215,
      'tom',
      'Implemented in https://github.com/acme/checkout/pull/51, token bucket in Redis.',
      '2026-11-28T10:00:00Z',
    ),
    issueUpdated(pay215, 'tom', '2026-11-29T10:10:00Z', 'Done'),
    issueCreated(pay220),
    issueCreated(pay221),
    comment(
      '12211',
      pay221,
      'priya',
      'We pass the merchant currency instead of the order currency to the refund call.',
      '2026-12-02T14:00:00Z',
    ),
  ];
}
