import type { HistoryDelivery } from '../../history/deliveries/index.js';
import { DOCS_DATABASE, inDocs, notionEvent } from '../../history/deliveries/notion.js';

// The retrieval story's Notion side: pages in the *Engineering docs* database, with the history's
// builders (Notion's documented webhook samples). Events carry ids only; the fake Notion API
// serves each page's title and text (`RETRIEVAL_NOTION_PAGES`), as the ingest service fetches them.

/** The story's pages. */
export const RETRIEVAL_PAGES = {
  postmortem: '3c8204de-588f-81b2-ad22-000000000301',
  theming: '3c8204de-588f-81b2-ad22-000000000302',
  upgrade: '3c8204de-588f-81b2-ad22-000000000303',
  rateLimits: '3c8204de-588f-81b2-ad22-000000000304',
  release: '3c8204de-588f-81b2-ad22-000000000305',
  onboarding: '3c8204de-588f-81b2-ad22-000000000306',
  oncall: '3c8204de-588f-81b2-ad22-000000000307',
} as const;

/** What the fake Notion API answers for each page. */
export const RETRIEVAL_NOTION_PAGES: Record<string, { title: string; paragraphs: string[]; lastEditedTime: string }> = {
  [RETRIEVAL_PAGES.postmortem]: {
    title: 'Postmortem: checkout timeouts on 23 November',
    paragraphs: [
      'Impact: for 40 minutes most customers could not complete a payment; about 1,900 checkouts failed.',
      'Root cause: the payment provider client had no timeout and retried three times, so a slow provider held every request for up to 90 seconds.',
      'Action items: PAY-202 (latency alert), https://github.com/acme/checkout/pull/42 (timeout and circuit breaker).',
    ],
    lastEditedTime: '2026-11-26T15:00:00.000Z',
  },
  [RETRIEVAL_PAGES.theming]: {
    title: 'Dashboard theming spec',
    paragraphs: [
      'Light and dark themes share semantic colour tokens: surface, text, muted, accent, danger.',
      'Every text token keeps a 4.5:1 contrast ratio on its surface. The theme follows prefers-color-scheme until the merchant picks one in Settings.',
      'Work: WEB-40, WEB-41.',
    ],
    lastEditedTime: '2026-11-24T12:00:00.000Z',
  },
  [RETRIEVAL_PAGES.upgrade]: {
    title: 'Database upgrade plan: Postgres 16',
    paragraphs: [
      'Method: pg_upgrade --link on the primary during the maintenance window, Saturday 5 December 06:00 UTC; replicas are rebuilt afterwards.',
      'Rollback: restore the volume snapshot taken just before. Checkout is read-only for about ten minutes.',
      'Tracking: PAY-210 (blocked by PAY-211, extensions).',
    ],
    lastEditedTime: '2026-12-02T09:00:00.000Z',
  },
  [RETRIEVAL_PAGES.rateLimits]: {
    title: 'Public API rate limits',
    paragraphs: [
      'Each API key gets a token bucket: 100 requests per second, bursts up to 200, kept in Redis.',
      'Over the limit the API answers 429 Too Many Requests with a Retry-After header in seconds.',
      'Ticket: PAY-215.',
    ],
    lastEditedTime: '2026-11-27T09:00:00.000Z',
  },
  [RETRIEVAL_PAGES.release]: {
    title: 'Release checklist',
    paragraphs: [
      'Before a release: changelog entry, migrations reviewed, feature flags set, support briefed.',
      'Deploy with the canary first (10% for 30 minutes), watch error rate and checkout conversion, then roll out to everyone.',
    ],
    lastEditedTime: '2026-12-03T09:00:00.000Z',
  },
  [RETRIEVAL_PAGES.onboarding]: {
    title: 'Onboarding guide for new engineers',
    paragraphs: [
      'Local setup: clone acme/checkout, run docker compose up, then make seed for test merchants and orders.',
      'Accounts you need: GitHub, Linear, Jira, Notion and the #eng and #incidents Slack channels.',
    ],
    lastEditedTime: '2026-11-30T08:00:00.000Z',
  },
  [RETRIEVAL_PAGES.oncall]: {
    title: 'On-call handbook',
    paragraphs: [
      'The payments on-call rotation changes every Monday at 09:00. Pages come from Grafana alerts.',
      'First steps for a payment incident: check the provider status page, then fail over to the secondary region.',
    ],
    lastEditedTime: '2026-11-25T10:00:00.000Z',
  },
};

const page = (id: string) => ({ id, type: 'page' });

/** The Notion side of the retrieval story. */
export function notionStory(): HistoryDelivery[] {
  const edited = (id: string, at: string, author: 'maya' | 'priya' | 'lars' | 'ana', block: string, note: string) =>
    notionEvent(
      'page.content_updated',
      at,
      author,
      page(id),
      { ...inDocs, updated_blocks: [{ id: `3c8204de-588f-81ec-a87d-00000000${block}`, type: 'block' }] },
      note,
    );
  return [
    notionEvent(
      'database.created',
      '2026-11-23T08:00:00Z',
      'maya',
      { id: DOCS_DATABASE, type: 'database' },
      { parent: { id: '13950b26-c203-4f3b-b97d-00000000ac3e', type: 'workspace' } },
      'Notion Engineering docs database created',
    ),
    notionEvent('page.created', '2026-11-23T14:30:00Z', 'ana', page(RETRIEVAL_PAGES.theming), inDocs, 'Notion theming spec created'),
    edited(RETRIEVAL_PAGES.theming, '2026-11-24T12:00:00Z', 'ana', '0302', 'Notion theming spec edited'),
    notionEvent('page.created', '2026-11-25T10:00:00Z', 'lars', page(RETRIEVAL_PAGES.oncall), inDocs, 'Notion on-call handbook created'),
    notionEvent('page.created', '2026-11-25T11:00:00Z', 'lars', page(RETRIEVAL_PAGES.postmortem), inDocs, 'Notion postmortem created'),
    notionEvent(
      'comment.created',
      '2026-11-25T12:00:00Z',
      'maya',
      { id: '3c8204de-588f-81c0-8f75-000000000c31', type: 'comment' },
      { page_id: RETRIEVAL_PAGES.postmortem, parent: { id: RETRIEVAL_PAGES.postmortem, type: 'page' } },
      'Notion comment on the postmortem',
    ),
    edited(RETRIEVAL_PAGES.postmortem, '2026-11-26T15:00:00Z', 'lars', '0301', 'Notion postmortem edited'),
    notionEvent(
      'page.created',
      '2026-11-27T09:00:00Z',
      'maya',
      page(RETRIEVAL_PAGES.rateLimits),
      inDocs,
      'Notion rate limits page created',
    ),
    notionEvent(
      'page.created',
      '2026-11-30T08:00:00Z',
      'maya',
      page(RETRIEVAL_PAGES.onboarding),
      inDocs,
      'Notion onboarding guide created',
    ),
    notionEvent('page.created', '2026-12-01T16:00:00Z', 'lars', page(RETRIEVAL_PAGES.upgrade), inDocs, 'Notion upgrade plan created'),
    edited(RETRIEVAL_PAGES.upgrade, '2026-12-02T09:00:00Z', 'lars', '0303', 'Notion upgrade plan edited'),
    notionEvent('page.created', '2026-12-03T09:00:00Z', 'maya', page(RETRIEVAL_PAGES.release), inDocs, 'Notion release checklist created'),
  ];
}
