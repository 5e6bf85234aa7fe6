import { linearFixture } from '@pipe/platforms/testing';
import { type HistoryDelivery, redelivery } from './delivery.js';

// The history's Linear deliveries: the documented Linear fixtures (Issue create/update, Comment
// create, IssueRelation create) in the `acme` workspace, team WEB, with ids, identifiers, text,
// people and times changed. `webhookTimestamp` is stamped when the run sends them (Linear's
// signature check wants it fresh).

const TEAM = { id: '3e1f0a7c-7a2b-4c55-9f00-00000000e0b1', key: 'WEB', name: 'Web' };
const ORGANIZATION = 'dc844923-f9a4-40a3-825c-00000000ac3e';

const PEOPLE = {
  maya: { id: '0b5e0001-8adc-4f52-b4bd-00000000a001', name: 'Maya Chen', email: 'maya@acme.dev' },
  tom: { id: '0b5e0002-8adc-4f52-b4bd-00000000a002', name: 'Tom Okafor', email: 'tom@acme.dev' },
  ana: { id: '0b5e0005-8adc-4f52-b4bd-00000000a005', name: 'Ana Souza', email: 'ana@acme.dev' },
  dev: { id: '0b5e0006-8adc-4f52-b4bd-00000000a006', name: 'Dev Patel', email: 'dev@acme.dev' },
} as const;
type Person = keyof typeof PEOPLE;

const user = (who: Person) => ({ ...PEOPLE[who], url: `https://linear.app/acme/profiles/${who}` });

let sequence = 0;
const deliveryId = () => `234d1a4e-b617-4388-90fe-${String(++sequence).padStart(12, '0')}`;
const webhookId = () => `000042e3-d123-4980-b49f-${String(sequence).padStart(12, '0')}`;

type Json = any;

export interface LinearIssue {
  id: string;
  number: number;
  slug: string;
  title: string;
  description: string;
  creator: Person;
  createdAt: string;
}

const identifier = (issue: LinearIssue) => `${TEAM.key}-${issue.number}`;
const issueUrl = (issue: LinearIssue) => `https://linear.app/acme/issue/${identifier(issue)}/${issue.slug}`;

function envelope(payload: Json, actor: Person, at: string, url: string | null): Json {
  return {
    ...payload,
    actor: { ...payload.actor, ...user(actor) },
    url,
    createdAt: at,
    organizationId: ORGANIZATION,
    webhookId: webhookId(),
  };
}

function delivery(at: string, note: string, event: string, payload: Json): HistoryDelivery {
  return { platform: 'linear', at, note, deliveryId: deliveryId(), event, payload };
}

export function issueEvent(
  action: 'create' | 'update',
  issue: LinearIssue,
  at: string,
  state: { name: string; type: string },
  by: Person,
): HistoryDelivery {
  const payload = linearFixture(action === 'create' ? 'issue-create' : 'issue-update');
  payload.data = {
    ...payload.data,
    id: issue.id,
    createdAt: issue.createdAt,
    updatedAt: at,
    number: issue.number,
    identifier: identifier(issue),
    title: issue.title,
    description: issue.description,
    prioritySortOrder: -issue.number,
    sortOrder: -issue.number,
    teamId: TEAM.id,
    team: TEAM,
    state: { ...payload.data.state, ...state },
    creatorId: PEOPLE[issue.creator].id,
    creator: user(issue.creator),
    url: issueUrl(issue),
  };
  return delivery(at, `Linear ${identifier(issue)} ${action}`, 'Issue', envelope(payload, by, at, issueUrl(issue)));
}

export function comment(id: string, on: LinearIssue, author: Person, body: string, at: string): HistoryDelivery {
  const payload = linearFixture('comment-create');
  payload.data = { ...payload.data, id, createdAt: at, updatedAt: at, body, issueId: on.id, userId: PEOPLE[author].id };
  return delivery(
    at,
    `Linear comment on ${identifier(on)}`,
    'Comment',
    envelope(payload, author, at, `${issueUrl(on)}#comment-${id.slice(0, 8)}`),
  );
}

export function relation(
  id: string,
  type: 'blocks' | 'duplicate' | 'related',
  from: LinearIssue,
  to: LinearIssue,
  by: Person,
  at: string,
): HistoryDelivery {
  const payload = linearFixture('issue-relation-create');
  const ref = (issue: LinearIssue) => ({
    id: issue.id,
    identifier: identifier(issue),
    title: issue.title,
    teamId: TEAM.id,
    team: TEAM,
    url: issueUrl(issue),
  });
  payload.data = {
    ...payload.data,
    id,
    createdAt: at,
    updatedAt: at,
    type,
    issueId: from.id,
    issue: ref(from),
    relatedIssueId: to.id,
    relatedIssue: ref(to),
  };
  return delivery(at, `Linear ${identifier(from)} ${type} ${identifier(to)}`, 'IssueRelation', envelope(payload, by, at, null));
}

export const LINEAR_TODO = { name: 'Todo', type: 'unstarted' };
export const LINEAR_DONE = { name: 'Done', type: 'completed' };

/** The Linear side of the story. */
export function linearDeliveries(): HistoryDelivery[] {
  const web12 = {
    id: '7c1e0a52-0012-4b6e-9a10-5e2b3c4d0012',
    number: 12,
    slug: 'retry-banner',
    title: 'Retry banner for failed payments',
    description: 'Shown while checkout retries a card payment; see PAY-101.',
    creator: 'ana',
    createdAt: '2026-11-09T13:00:00Z',
  } as const;
  const web13 = {
    id: '7c1e0a52-0013-4b6e-9a10-5e2b3c4d0013',
    number: 13,
    slug: 'banner-copy-review',
    title: 'Banner copy review',
    description: 'Copy for the WEB-12 banner.',
    creator: 'ana',
    createdAt: '2026-11-09T13:10:00Z',
  } as const;
  const web20 = {
    id: '7c1e0a52-0020-4b6e-9a10-5e2b3c4d0020',
    number: 20,
    slug: 'queue-gateway-webhooks',
    title: 'Queue gateway webhooks',
    description: 'From incident PAY-110; upstream https://github.com/acme/checkout/issues/4',
    creator: 'dev',
    createdAt: '2026-11-16T10:30:00Z',
  } as const;
  const web21 = {
    id: '7c1e0a52-0021-4b6e-9a10-5e2b3c4d0021',
    number: 21,
    slug: 'dashboard-for-webhook-lag',
    title: 'Dashboard for webhook lag',
    description: 'Probably the same work as WEB-20.',
    creator: 'tom',
    createdAt: '2026-11-17T11:00:00Z',
  } as const;
  const duplicate = relation('c3b6f0d2-8f1e-4a7c-b9d5-00000000d021', 'duplicate', web21, web20, 'dev', '2026-11-17T11:20:00Z');

  return [
    issueEvent('create', web12, web12.createdAt, LINEAR_TODO, 'ana'),
    issueEvent('create', web13, web13.createdAt, LINEAR_TODO, 'ana'),
    relation('c3b6f0d2-8f1e-4a7c-b9d5-00000000b013', 'blocks', web13, web12, 'ana', '2026-11-09T13:12:00Z'),
    comment(
      '1e7c0de1-0001-4f00-8a00-000000000001',
      web12,
      'dev',
      'Same flicker as https://github.com/acme/checkout/issues/2',
      '2026-11-09T15:00:00Z',
    ),
    issueEvent('update', web12, '2026-11-12T16:00:00Z', LINEAR_DONE, 'ana'),

    issueEvent('create', web20, web20.createdAt, LINEAR_TODO, 'dev'),
    comment(
      '2e7c0de2-0002-4f00-8a00-000000000002',
      web20,
      'maya',
      'Spec: https://www.notion.so/acme/Webhook-runbook-2b7104cd477e80a19c11000000000201',
      '2026-11-16T14:00:00Z',
    ),
    issueEvent('create', web21, web21.createdAt, LINEAR_TODO, 'tom'),
    duplicate,
    redelivery(duplicate, '2026-11-17T11:20:45Z'),
    issueEvent('update', web20, '2026-11-18T17:00:00Z', LINEAR_DONE, 'dev'),
  ];
}
