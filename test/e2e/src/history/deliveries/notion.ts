import { notionFixture } from '@pipe/platforms/testing';
import { type HistoryDelivery, redelivery } from './delivery.js';

// The history's Notion deliveries: the sample events of Notion's webhook reference (the
// Notion module's documented fixtures) in the Acme workspace, with ids, parents, people and times
// changed. Notion events carry ids, not text: each page's title and text come from the Notion
// API (a local fake serving `NOTION_PAGES`), as the ingest service fetches them.

const WORKSPACE = { id: '13950b26-c203-4f3b-b97d-00000000ac3e', name: 'Acme' };
/** The *Engineering docs* database that holds the pages. */
export const DOCS_DATABASE = '1a2b3c4d-5e6f-4071-8000-00000000d0c5';
const PAGES = {
  retry: '2b7104cd-477e-80a1-9c11-000000000101',
  runbook: '2b7104cd-477e-80a1-9c11-000000000201',
  retro: '2b7104cd-477e-80a1-9c11-000000000202',
};
export const NOTION_PEOPLE = {
  maya: 'c7c11cca-1d73-471d-9b6e-00000000a001',
  priya: 'c7c11cca-1d73-471d-9b6e-00000000a003',
  lars: 'c7c11cca-1d73-471d-9b6e-00000000a004',
  ana: 'c7c11cca-1d73-471d-9b6e-00000000a005',
} as const;

/** What the Notion API answers for each page (its final state: fetches run after the events). */
export const NOTION_PAGES: Record<string, { title: string; paragraphs: string[]; lastEditedTime: string }> = {
  [PAGES.retry]: {
    title: 'Retry policy',
    paragraphs: [
      'How checkout retries card payments.',
      'Tracking: PAY-101. Implementation: https://github.com/acme/checkout/pull/9.',
      'Banner: WEB-12.',
    ],
    lastEditedTime: '2026-11-11T09:00:00.000Z',
  },
  [PAGES.runbook]: {
    title: 'Webhook runbook',
    paragraphs: [
      'Steps for gateway webhook incidents like PAY-110.',
      'Alerting: PAY-111.',
      'Code: https://github.com/acme/checkout/pull/10.',
    ],
    lastEditedTime: '2026-11-18T09:00:00.000Z',
  },
  [PAGES.retro]: {
    title: 'Week 2 retro',
    paragraphs: ['Fast fix in https://github.com/acme/checkout/pull/10.', 'Follow up on WEB-21.'],
    lastEditedTime: '2026-11-20T16:30:00.000Z',
  },
};

/** The Notion API token the teams store. */
export const NOTION_API_TOKEN_VALUE = 'ntn_history_acme';

type Json = any;
type NotionFixture = Parameters<typeof notionFixture>[0];

let sequence = 0;
const eventId = () => `367cba44-b6f3-4c92-81e7-${String(++sequence).padStart(12, '0')}`;

export function notionEvent(
  fixture: NotionFixture,
  at: string,
  author: keyof typeof NOTION_PEOPLE,
  entity: { id: string; type: string },
  data: Json,
  note: string,
): HistoryDelivery {
  const payload = notionFixture(fixture);
  Object.assign(payload, {
    id: eventId(),
    timestamp: new Date(at).toISOString(),
    workspace_id: WORKSPACE.id,
    workspace_name: WORKSPACE.name,
    entity,
    data,
  });
  payload.authors = [{ id: NOTION_PEOPLE[author], type: 'person' }];
  payload.accessible_by = [
    { id: NOTION_PEOPLE.maya, type: 'person' },
    { id: '1edc05f6-2702-81b5-8408-00000000b07e', type: 'bot' },
  ];
  return { platform: 'notion', at, note, deliveryId: payload.id, payload };
}

export const inDocs = { parent: { id: DOCS_DATABASE, type: 'database' } };

/** The verification request Notion sends when a subscription is created (answered before any event). */
export const notionVerification = () => notionFixture('verification') as { verification_token: string };

/** The Notion side of the story. */
export function notionDeliveries(): HistoryDelivery[] {
  const runbook = notionEvent(
    'page.created',
    '2026-11-16T12:30:00Z',
    'lars',
    { id: PAGES.runbook, type: 'page' },
    inDocs,
    'Notion Webhook runbook created',
  );
  return [
    notionEvent(
      'database.created',
      '2026-11-09T08:00:00Z',
      'maya',
      { id: DOCS_DATABASE, type: 'database' },
      { parent: { id: WORKSPACE.id, type: 'workspace' } },
      'Notion Engineering docs database created',
    ),
    notionEvent('page.created', '2026-11-10T11:00:00Z', 'priya', { id: PAGES.retry, type: 'page' }, inDocs, 'Notion Retry policy created'),
    notionEvent(
      'comment.created',
      '2026-11-10T12:00:00Z',
      'maya',
      { id: '2b7104cd-477e-80c0-8f75-000000000c01', type: 'comment' },
      { page_id: PAGES.retry, parent: { id: PAGES.retry, type: 'page' } },
      'Notion comment on Retry policy',
    ),
    notionEvent(
      'page.content_updated',
      '2026-11-11T09:00:00Z',
      'priya',
      { id: PAGES.retry, type: 'page' },
      { ...inDocs, updated_blocks: [{ id: '2b7104cd-477e-80ec-a87d-000000000b01', type: 'block' }] },
      'Notion Retry policy edited',
    ),

    runbook,
    redelivery(runbook, '2026-11-16T12:31:00Z'),
    notionEvent(
      'page.content_updated',
      '2026-11-18T09:00:00Z',
      'lars',
      { id: PAGES.runbook, type: 'page' },
      { ...inDocs, updated_blocks: [{ id: '2b7104cd-477e-80ec-a87d-000000000b02', type: 'block' }] },
      'Notion Webhook runbook edited',
    ),
    notionEvent('page.created', '2026-11-20T16:30:00Z', 'ana', { id: PAGES.retro, type: 'page' }, inDocs, 'Notion Week 2 retro created'),
  ];
}
