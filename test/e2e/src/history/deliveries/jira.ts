import { jiraFixture } from '@pipe/platforms/testing';
import { DELETED_MARKER, type HistoryDelivery, redelivery, renamed } from './delivery.js';

// The history's Jira deliveries: the documented Jira Cloud fixtures (issue, comment and issue
// link events) on the acme.atlassian.net site, project PAY, with keys, ids, text, people and times
// changed. The `issue_updated` example's `comment` is dropped: Jira sends it only when the update
// was a comment, and these updates are status changes.

/** The team's Atlassian account ids. */
export const JIRA_PEOPLE = {
  maya: { accountId: '712020:5f1e0c3a-1111-4a1b-9c1d-000000000001', displayName: 'Maya Chen' },
  tom: { accountId: '712020:5f1e0c3a-1111-4a1b-9c1d-000000000002', displayName: 'Tom Okafor' },
  priya: { accountId: '712020:5f1e0c3a-1111-4a1b-9c1d-000000000003', displayName: 'Priya Nair' },
  lars: { accountId: '712020:5f1e0c3a-1111-4a1b-9c1d-000000000004', displayName: 'Lars Berg' },
  dev: { accountId: '712020:5f1e0c3a-1111-4a1b-9c1d-000000000006', displayName: 'Dev Patel' },
} as const;
export type JiraPerson = keyof typeof JIRA_PEOPLE;

const SITE: [string, string] = ['jira.atlassian.com', 'acme.atlassian.net'];

let sequence = 0;
const deliveryId = () => `9e9e3c9c-0f8f-4b8a-a3b1-${String(++sequence).padStart(12, '0')}`;
const jiraTime = (iso: string) => iso.replace('Z', '.000+0000');

type Json = any;

export interface JiraIssue {
  id: string;
  key: string;
  summary: string;
  description: string;
  reporter: JiraPerson;
  createdAt: string;
}

function person(template: Json, who: JiraPerson): Json {
  return {
    ...template,
    accountId: JIRA_PEOPLE[who].accountId,
    displayName: JIRA_PEOPLE[who].displayName,
    self: `https://acme.atlassian.net/rest/api/2/user?accountId=${JIRA_PEOPLE[who].accountId}`,
  };
}

function issueEntity(template: Json, issue: JiraIssue, updatedAt: string): Json {
  return {
    ...template,
    id: issue.id,
    key: issue.key,
    self: `https://acme.atlassian.net/rest/api/2/issue/${issue.id}`,
    fields: {
      ...template.fields,
      summary: issue.summary,
      description: issue.description,
      created: jiraTime(issue.createdAt),
      updated: jiraTime(updatedAt),
      labels: [],
    },
  };
}

function delivery(at: string, note: string, payload: Json): HistoryDelivery {
  return { platform: 'jira', at, note, deliveryId: deliveryId(), payload };
}

export function issueCreated(issue: JiraIssue): HistoryDelivery {
  const payload = renamed(jiraFixture('issue-created'), [SITE]);
  payload.timestamp = Date.parse(issue.createdAt);
  payload.issue = issueEntity(payload.issue, issue, issue.createdAt);
  payload.user = person(payload.user, issue.reporter);
  return delivery(issue.createdAt, `Jira ${issue.key} created`, payload);
}

export function issueUpdated(issue: JiraIssue, by: JiraPerson, at: string, status: string): HistoryDelivery {
  const payload = renamed(jiraFixture('issue-updated'), [SITE]);
  payload.timestamp = Date.parse(at);
  payload.issue = issueEntity(payload.issue, issue, at);
  payload.user = person(payload.user, by);
  payload.changelog = {
    id: Date.parse(at) % 100000,
    items: [{ field: 'status', fieldtype: 'jira', from: '3', fromString: 'In Progress', to: '10001', toString: status }],
  };
  delete payload.comment;
  return delivery(at, `Jira ${issue.key} → ${status}`, payload);
}

export interface JiraComment {
  id: string;
  on: JiraIssue;
  author: JiraPerson;
  body: string;
  createdAt: string;
}

export function commentEvent(
  name: 'comment-created' | 'comment-updated' | 'comment-deleted',
  comment: JiraComment,
  at: string,
): HistoryDelivery {
  const payload = renamed(jiraFixture(name), [SITE]);
  payload.timestamp = Date.parse(at);
  payload.issue = issueEntity(payload.issue, comment.on, comment.on.createdAt);
  payload.comment = {
    ...payload.comment,
    id: comment.id,
    self: `https://acme.atlassian.net/rest/api/2/issue/${comment.on.id}/comment/${comment.id}`,
    author: person(payload.comment.author, comment.author),
    updateAuthor: person(payload.comment.updateAuthor, comment.author),
    body: comment.body,
    created: jiraTime(comment.createdAt),
    updated: jiraTime(at),
  };
  return delivery(at, `Jira ${name} ${comment.on.key}/${comment.id}`, payload);
}

export function issueLink(
  id: number,
  from: JiraIssue,
  to: JiraIssue,
  type: { id: number; name: string; outwardName: string; inwardName: string },
  at: string,
): HistoryDelivery {
  const payload = jiraFixture('issuelink-created');
  payload.timestamp = Date.parse(at);
  payload.issueLink = {
    ...payload.issueLink,
    id,
    sourceIssueId: Number(from.id),
    destinationIssueId: Number(to.id),
    issueLinkType: { ...payload.issueLink.issueLinkType, ...type },
  };
  return delivery(at, `Jira link ${from.key} ${type.outwardName} ${to.key}`, payload);
}

/** The Jira side of the story. */
export function jiraDeliveries(): HistoryDelivery[] {
  const pay101 = {
    id: '20101',
    key: 'PAY-101',
    summary: 'Duplicate charges when the gateway times out',
    description: 'Customers are charged twice after a gateway timeout. Reported in https://github.com/acme/checkout/issues/1',
    reporter: 'maya',
    createdAt: '2026-11-09T09:30:00Z',
  } as const;
  const pay102 = {
    id: '20102',
    key: 'PAY-102',
    summary: 'Add idempotency keys to the payments client',
    description: 'Needed before PAY-101 can close.',
    reporter: 'priya',
    createdAt: '2026-11-09T11:30:00Z',
  } as const;
  const j10501Before = 'Root cause is in the retry middleware; fix in https://github.com/acme/checkout/pull/9';
  const j10501 = { id: '10501', on: pay101, author: 'tom', body: j10501Before, createdAt: '2026-11-10T15:30:00Z' } as const;
  const comment = commentEvent('comment-created', j10501, j10501.createdAt);

  const pay110 = {
    id: '20110',
    key: 'PAY-110',
    summary: 'Gateway webhooks time out',
    description: 'Thread: https://acme.slack.com/archives/C0INC/p1794820200000100 — queue work in WEB-20.',
    reporter: 'lars',
    createdAt: '2026-11-16T09:25:00Z',
  } as const;
  const pay111 = {
    id: '20111',
    key: 'PAY-111',
    summary: 'Alert on webhook latency',
    description: 'Follow-up of PAY-110.',
    reporter: 'lars',
    createdAt: '2026-11-16T12:00:00Z',
  } as const;
  const j10610 = {
    id: '10610',
    on: pay110,
    author: 'dev',
    body: 'Fixed by https://github.com/acme/checkout/pull/10',
    createdAt: '2026-11-17T09:20:00Z',
  } as const;
  const j10611 = {
    id: '10611',
    on: pay110,
    author: 'dev',
    body: `replay token: ${DELETED_MARKER}`,
    createdAt: '2026-11-16T10:05:00Z',
  } as const;

  return [
    issueCreated(pay101),
    issueCreated(pay102),
    issueLink(
      10100,
      pay102,
      pay101,
      { id: 10000, name: 'Blocks', outwardName: 'blocks', inwardName: 'is blocked by' },
      '2026-11-09T11:35:00Z',
    ),
    comment,
    redelivery(comment, '2026-11-10T15:30:40Z'),
    commentEvent(
      'comment-updated',
      { ...j10501, body: `${j10501Before} — [~accountid:${JIRA_PEOPLE.priya.accountId}] please review.` },
      '2026-11-10T15:45:00Z',
    ),
    issueUpdated(pay101, 'maya', '2026-11-10T18:00:00Z', 'Done'),

    issueCreated(pay110),
    commentEvent('comment-created', j10611, j10611.createdAt),
    commentEvent('comment-deleted', j10611, '2026-11-16T10:07:00Z'),
    issueCreated(pay111),
    issueLink(
      10110,
      pay111,
      pay110,
      { id: 10003, name: 'Relates', outwardName: 'relates to', inwardName: 'relates to' },
      '2026-11-16T12:01:00Z',
    ),
    commentEvent('comment-created', j10610, j10610.createdAt),
    issueUpdated(pay110, 'dev', '2026-11-17T09:30:00Z', 'Done'),
  ];
}
