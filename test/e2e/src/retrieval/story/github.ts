import {
  type CommentText,
  type PullText,
  commentCreated,
  commentDeleted,
  issueOpened,
  pullMerged,
  pullOpened,
  push,
  review,
  reviewComment,
} from '../../history/deliveries/github.js';
import type { HistoryDelivery } from '../../history/deliveries/index.js';

// The retrieval story's GitHub side (README.md): acme/checkout again, with the history's
// builders (real `@octokit/webhooks-examples` payloads, content values changed), numbers 41–60.

/** The commits the story makes (the Claude Code sessions report the same shas). */
export const RETRIEVAL_COMMITS = {
  breaker: 'a41c0de5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e842',
  csv: 'b44c0de5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e844',
  darkTheme: 'c46c0de5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e846',
  sameSite: 'd48c0de5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e848',
  ciMatrix: 'e50c0de5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e850',
  rateLimit: 'f51c0de5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e851',
  summaryBatch: 'a53c0de5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e853',
} as const;

/** A removed comment's text: the evaluation checks no question ever gets it back. */
export const REMOVED_GITHUB_COMMENT = 4399;

const pr = (pull: PullText) => ({ ...pull, pullRequest: true });

/** The GitHub side of the retrieval story, in no particular order (the story sorts by time). */
export function githubStory(): HistoryDelivery[] {
  const gh41 = {
    number: 41,
    title: 'Checkout confirm request hangs when the payment provider is slow',
    body:
      'During the incident on 23 November POST /checkout/confirm waited up to 90 seconds: the provider client has no ' +
      'timeout and we retry three times. Tracked for the incident review in PAY-201.',
    author: 'lars-b',
    createdAt: '2026-11-23T10:05:00Z',
  } as const;
  const pr42 = {
    number: 42,
    title: 'Add a 5s timeout and a circuit breaker to the payment provider client',
    body: 'Fixes #41. Resolves PAY-201.\n\nThe breaker opens after 5 consecutive failures and half-opens after 30 seconds.',
    author: 'priya-n',
    createdAt: '2026-11-24T09:30:00Z',
  } as const;
  const gh43 = {
    number: 43,
    title: 'CSV export drops rows when a customer name contains a comma',
    body:
      'Reported on Discord by fernhill_goods: orders whose customer name has a comma are missing from the monthly export. ' +
      'The exporter joins fields with commas and never quotes them. Finance ticket: PAY-205.',
    author: 'maya-chen',
    createdAt: '2026-11-24T14:00:00Z',
  } as const;
  const pr44 = {
    number: 44,
    title: 'Quote and escape fields in the CSV exporter',
    body: 'Fixes #43.\n\nFields are quoted per RFC 4180; new cases in src/reports/export.spec.ts cover commas, quotes and newlines.',
    author: 'tokafor',
    createdAt: '2026-11-25T10:00:00Z',
  } as const;
  const gh45 = {
    number: 45,
    title: 'Flaky: export.spec.ts times out on CI',
    body: 'Since #44 the export spec sometimes exceeds the 5 s test timeout on the shared runners.',
    author: 'lars-b',
    createdAt: '2026-11-26T08:40:00Z',
  } as const;
  const pr46 = {
    number: 46,
    title: 'Dashboard dark theme with semantic colour tokens',
    body: 'Implements WEB-40 and WEB-41. Follows the theming spec in Notion; the toggle follows prefers-color-scheme by default.',
    author: 'ana-souza',
    createdAt: '2026-11-27T11:00:00Z',
  } as const;
  const gh47 = {
    number: 47,
    title: 'Login loop in Safari: session cookie is rejected',
    body:
      'Safari drops the session cookie we set during the OAuth redirect because it has no SameSite=None; Secure, so users ' +
      'land on /login again. Also reported as WEB-44.',
    author: 'devp',
    createdAt: '2026-11-30T09:15:00Z',
  } as const;
  const pr48 = {
    number: 48,
    title: 'Set SameSite=None; Secure on the session cookie',
    body: 'Fixes #47. Tested on Safari 18 and iOS 18.',
    author: 'devp',
    createdAt: '2026-11-30T15:00:00Z',
  } as const;
  const gh49 = {
    number: 49,
    title: 'CI: run the test suite against Postgres 16',
    body: 'Before the upgrade in PAY-210 we need the suite green on 16.',
    author: 'lars-b',
    createdAt: '2026-12-01T09:00:00Z',
  } as const;
  const pr50 = {
    number: 50,
    title: 'CI matrix with Postgres 15 and 16',
    body: 'Closes #49.',
    author: 'lars-b',
    createdAt: '2026-12-01T13:00:00Z',
  } as const;
  const pr51 = {
    number: 51,
    title: 'Token bucket rate limiter for the public API',
    body: 'Resolves PAY-215. 100 requests per second per API key with a burst of 200; answers 429 with Retry-After.',
    author: 'tokafor',
    createdAt: '2026-11-27T15:00:00Z',
  } as const;
  const gh52 = {
    number: 52,
    title: 'Release v2.14',
    body: 'Ships #44 (CSV quoting), #46 (dark theme) and #48 (Safari cookie). Checklist in Notion.',
    author: 'maya-chen',
    createdAt: '2026-12-03T10:00:00Z',
  } as const;
  const pr53 = {
    number: 53,
    title: 'Batch the orders summary query',
    body: 'The merchant dashboard ran one query per order for the summary cards (N+1). Fixes WEB-48.',
    author: 'devp',
    createdAt: '2026-12-02T16:00:00Z',
  } as const;
  const gh54 = {
    number: 54,
    title: 'Stripe webhook signature verification fails after key rotation',
    body: 'Since the signing secret was rotated this morning every Stripe event is rejected with 400 "No signatures found".',
    author: 'devp',
    createdAt: '2026-12-04T08:30:00Z',
  } as const;
  const gh55 = {
    number: 55,
    title: 'Bump eslint to 9',
    body: 'Flat config migration.',
    author: 'ana-souza',
    createdAt: '2026-11-25T12:00:00Z',
  } as const;
  const gh56 = {
    number: 56,
    title: 'Update the README badges',
    body: 'The build badge still points at the old CI.',
    author: 'lars-b',
    createdAt: '2026-11-26T16:00:00Z',
  } as const;
  const gh57 = {
    number: 57,
    title: 'Order confirmation email shows the wrong currency symbol',
    body: 'Merchants in Sweden see $ instead of kr in the confirmation email.',
    author: 'maya-chen',
    createdAt: '2026-12-02T09:30:00Z',
  } as const;

  const c = (id: number, on: CommentText['on'], author: CommentText['author'], body: string, createdAt: string): CommentText => ({
    id,
    on,
    author,
    body,
    createdAt,
  });
  const removed = c(
    REMOVED_GITHUB_COMMENT,
    gh43,
    'tokafor',
    'CSV export repro with the production token RETRIEVALMARKER-9q2: curl -H "Authorization: Bearer …"',
    '2026-11-24T15:00:00Z',
  );

  return [
    issueOpened(gh41),
    commentCreated(
      c(
        4101,
        gh41,
        'tokafor',
        'p99 of /checkout/confirm was 31 s during the incident; the SDK default timeout is 30 s.',
        '2026-11-23T10:30:00Z',
      ),
    ),
    commentCreated(c(4102, gh41, 'priya-n', 'I will take this one, @lars-b.', '2026-11-23T11:00:00Z')),
    pullOpened(pr42),
    review(pr42, 4201, 'tokafor', 'approved', 'Nice, the breaker thresholds look sane.', '2026-11-24T13:00:00Z'),
    reviewComment(pr42, 4211, 4201, 'tokafor', 'Should the breaker half-open after 30 s or back off further?', '2026-11-24T12:50:00Z'),
    reviewComment(pr42, 4212, 4202, 'priya-n', '30 s matches the provider status page refresh; keeping it.', '2026-11-24T13:20:00Z', 4211),
    push(
      RETRIEVAL_COMMITS.breaker,
      'Payment provider client: 5s timeout and circuit breaker (#42)\n\nFixes #41',
      'priya-n',
      'Priya Nair',
      '2026-11-24T15:00:00Z',
    ),
    pullMerged(pr42, '2026-11-24T15:00:05Z', 'priya-n'),

    issueOpened(gh43),
    commentCreated(removed),
    commentDeleted(removed, '2026-11-24T15:02:00Z'),
    pullOpened(pr44),
    review(pr44, 4401, 'ana-souza', 'commented', 'What about newlines inside a field?', '2026-11-25T11:00:00Z'),
    reviewComment(pr44, 4411, 4401, 'ana-souza', 'A note with a line break would still split the row here.', '2026-11-25T11:00:30Z'),
    reviewComment(
      pr44,
      4412,
      4402,
      'tokafor',
      'Covered now: every field is quoted and embedded quotes are doubled.',
      '2026-11-25T13:00:00Z',
      4411,
    ),
    review(pr44, 4402, 'ana-souza', 'approved', 'Approved, thanks for the extra spec cases.', '2026-11-25T14:00:00Z'),
    push(RETRIEVAL_COMMITS.csv, 'Quote CSV export fields per RFC 4180 (#44)\n\nFixes #43', 'tokafor', 'Tom Okafor', '2026-11-25T15:30:00Z'),
    pullMerged(pr44, '2026-11-25T15:30:05Z', 'tokafor'),
    issueOpened(gh45),
    commentCreated(c(4501, gh45, 'devp', 'The spec builds 50k rows; a 500-row fixture tests the same quoting.', '2026-11-26T09:30:00Z')),
    commentCreated(c(4502, gh45, 'lars-b', 'Switched to the small fixture on main, closing.', '2026-11-27T10:00:00Z')),

    pullOpened(pr46),
    review(pr46, 4601, 'maya-chen', 'approved', 'Looks great on staging; ship it with v2.14.', '2026-11-28T10:00:00Z'),
    push(RETRIEVAL_COMMITS.darkTheme, 'Dark theme with semantic colour tokens (#46)', 'ana-souza', 'Ana Souza', '2026-11-28T11:00:00Z'),
    pullMerged(pr46, '2026-11-28T11:00:05Z', 'ana-souza'),

    issueOpened(gh47),
    commentCreated(
      c(
        4701,
        gh47,
        'tokafor',
        'Reproduced on iOS 18: the cookie is dropped after the redirect from the identity provider.',
        '2026-11-30T10:00:00Z',
      ),
    ),
    pullOpened(pr48),
    review(pr48, 4801, 'priya-n', 'approved', 'Approved. Do we also want the Partitioned attribute?', '2026-11-30T16:00:00Z'),
    commentCreated(c(4802, pr(pr48), 'devp', 'Not yet: Partitioned breaks the embedded checkout in older Chrome.', '2026-11-30T16:30:00Z')),
    push(
      RETRIEVAL_COMMITS.sameSite,
      'Session cookie: SameSite=None; Secure (#48)\n\nFixes #47',
      'devp',
      'Dev Patel',
      '2026-11-30T17:00:00Z',
    ),
    pullMerged(pr48, '2026-11-30T17:00:05Z', 'devp'),

    issueOpened(gh49),
    pullOpened(pr50),
    review(pr50, 5001, 'tokafor', 'approved', 'Green on both versions.', '2026-12-01T15:00:00Z'),
    push(RETRIEVAL_COMMITS.ciMatrix, 'CI: test on Postgres 15 and 16 (#50)\n\nCloses #49', 'lars-b', 'Lars Berg', '2026-12-01T15:30:00Z'),
    pullMerged(pr50, '2026-12-01T15:30:05Z', 'lars-b'),

    pullOpened(pr51),
    review(
      pr51,
      5101,
      'lars-b',
      'commented',
      'Is the bucket in Redis or in memory? With three replicas in-memory triples the limit.',
      '2026-11-28T09:00:00Z',
    ),
    commentCreated(
      c(5102, pr(pr51), 'tokafor', 'Redis, keyed by API key; in-memory only as a fallback when Redis is down.', '2026-11-28T09:40:00Z'),
    ),
    review(pr51, 5103, 'lars-b', 'approved', 'Approved.', '2026-11-28T10:30:00Z'),
    push(RETRIEVAL_COMMITS.rateLimit, 'Public API: token bucket rate limiter (#51)', 'tokafor', 'Tom Okafor', '2026-11-29T10:00:00Z'),
    pullMerged(pr51, '2026-11-29T10:00:05Z', 'tokafor'),

    issueOpened(gh52),
    commentCreated(c(5201, gh52, 'lars-b', 'No deploys during the database window on Saturday, please.', '2026-12-03T11:00:00Z')),

    pullOpened(pr53),
    review(pr53, 5301, 'tokafor', 'approved', 'One query instead of 400 for the biggest merchant.', '2026-12-03T09:00:00Z'),
    push(RETRIEVAL_COMMITS.summaryBatch, 'Batch the orders summary query (#53)', 'devp', 'Dev Patel', '2026-12-03T09:30:00Z'),
    pullMerged(pr53, '2026-12-03T09:30:05Z', 'devp'),

    issueOpened(gh54),
    commentCreated(
      c(5401, gh54, 'priya-n', 'The new whsec_ secret is only in the EU deployment; US still has the old one.', '2026-12-04T09:10:00Z'),
    ),
    issueOpened(gh55),
    issueOpened(gh56),
    issueOpened(gh57),
  ];
}
