import type { HistoryDelivery } from '../../history/deliveries/index.js';
import { LINEAR_DONE, LINEAR_TODO, type LinearIssue, comment, issueEvent, relation } from '../../history/deliveries/linear.js';

// The retrieval story's Linear side: team WEB, WEB-40 and up, with the history's builders
// (the documented Linear webhook fixtures).

const IN_PROGRESS = { name: 'In Progress', type: 'started' };

const issue = (number: number, slug: string, title: string, description: string, creator: LinearIssue['creator'], createdAt: string) => ({
  id: `7c1e0a52-00${number}-4b6e-9a10-5e2b3c4d00${number}`,
  number,
  slug,
  title,
  description,
  creator,
  createdAt,
});

/** The Linear side of the retrieval story. */
export function linearStory(): HistoryDelivery[] {
  const web40 = issue(
    40,
    'dark-mode-for-the-merchant-dashboard',
    'Dark mode for the merchant dashboard',
    'Merchants working late asked for a dark theme in the November survey. Spec in the Notion theming page.',
    'ana',
    '2026-11-23T14:00:00Z',
  );
  const web41 = issue(
    41,
    'colour-tokens-for-the-dark-theme',
    'Colour tokens for the dark theme',
    'Semantic tokens (surface, text, accent) so both themes share one palette with a 4.5:1 contrast ratio.',
    'ana',
    '2026-11-23T14:10:00Z',
  );
  const web42 = issue(
    42,
    'chart-palette-unreadable-in-dark-mode',
    'Chart palette unreadable in dark mode',
    'Grid lines and the grey series disappear on the dark background.',
    'ana',
    '2026-11-26T10:25:00Z',
  );
  const web44 = issue(
    44,
    'safari-users-stuck-in-a-login-loop',
    'Safari users stuck in a login loop',
    'After signing in with Google, Safari returns to the sign-in page. Engineering: https://github.com/acme/checkout/issues/47',
    'tom',
    '2026-11-30T09:30:00Z',
  );
  const web45 = issue(
    45,
    'ios-sign-in-redirects-back',
    'iOS sign-in redirects back to the start',
    'Support ticket from a merchant on iPhone: sign in, then back at the start page.',
    'maya',
    '2026-11-30T11:00:00Z',
  );
  const web47 = issue(
    47,
    'explain-429-errors-in-the-dashboard',
    'Explain 429 Too Many Requests in the dashboard',
    'When the public API rate limits a key, the API keys page should say which limit was hit and when it resets.',
    'ana',
    '2026-11-29T12:00:00Z',
  );
  const web48 = issue(
    48,
    'dashboard-takes-10-seconds-to-load-for-large-merchants',
    'Dashboard takes 10 seconds to load for large merchants',
    'Merchants with more than 10k orders wait 10 s for the home page; the summary cards are the slow part.',
    'tom',
    '2026-12-02T08:45:00Z',
  );
  const web49 = issue(
    49,
    'changelog-entry-for-v2-14',
    'Changelog entry for v2.14',
    'Dark mode, CSV export fix, Safari sign-in fix.',
    'maya',
    '2026-12-03T10:30:00Z',
  );
  const web50 = issue(
    50,
    'update-footer-links',
    'Update footer links',
    'Terms and privacy links moved to the new legal site.',
    'ana',
    '2026-12-01T13:00:00Z',
  );

  return [
    issueEvent('create', web40, web40.createdAt, LINEAR_TODO, 'ana'),
    issueEvent('create', web41, web41.createdAt, LINEAR_TODO, 'ana'),
    relation('c3b6f0d2-8f1e-4a7c-b9d5-00000000b041', 'blocks', web41, web40, 'ana', '2026-11-23T14:15:00Z'),
    comment('1e7c0de1-0040-4f00-8a00-000000000040', web40, 'maya', 'Top request in the merchant survey, 38 votes.', '2026-11-23T15:00:00Z'),
    issueEvent('update', web40, '2026-11-24T09:00:00Z', IN_PROGRESS, 'ana'),
    issueEvent('update', web41, '2026-11-26T17:00:00Z', LINEAR_DONE, 'ana'),
    issueEvent('create', web42, web42.createdAt, LINEAR_TODO, 'ana'),
    comment('1e7c0de1-0042-4f00-8a00-000000000042', web42, 'tom', 'The revenue chart is the worst one.', '2026-11-26T11:00:00Z'),
    issueEvent('update', web42, '2026-11-27T16:00:00Z', LINEAR_DONE, 'ana'),
    issueEvent('update', web40, '2026-11-28T11:10:00Z', LINEAR_DONE, 'ana'),
    issueEvent('create', web44, web44.createdAt, LINEAR_TODO, 'tom'),
    issueEvent('create', web45, web45.createdAt, LINEAR_TODO, 'maya'),
    relation('c3b6f0d2-8f1e-4a7c-b9d5-00000000d045', 'duplicate', web45, web44, 'tom', '2026-11-30T11:20:00Z'),
    comment(
      '1e7c0de1-0044-4f00-8a00-000000000044',
      web44,
      'dev',
      'Cookie fix deployed, please retest on your iPhone.',
      '2026-11-30T17:40:00Z',
    ),
    issueEvent('update', web44, '2026-12-01T09:00:00Z', LINEAR_DONE, 'tom'),
    issueEvent('create', web47, web47.createdAt, LINEAR_TODO, 'ana'),
    issueEvent('create', web48, web48.createdAt, LINEAR_TODO, 'tom'),
    comment(
      '1e7c0de1-0048-4f00-8a00-000000000048',
      web48,
      'dev',
      'Found an N+1 query in the orders summary; batching it.',
      '2026-12-02T10:00:00Z',
    ),
    issueEvent('update', web48, '2026-12-03T09:40:00Z', LINEAR_DONE, 'dev'),
    issueEvent('create', web49, web49.createdAt, LINEAR_TODO, 'maya'),
    issueEvent('create', web50, web50.createdAt, LINEAR_TODO, 'ana'),
  ];
}
