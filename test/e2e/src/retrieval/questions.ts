import { RETRIEVAL_PAGES as P } from './story/notion.js';

// The questions of the retrieval evaluation, written by hand from the story (README.md) before
// search was changed: as people and assistants ask them, each with the items a person would
// accept as the answer. The split is fixed here: `tune` may be looked at while changing search,
// `report` is the figure reported. Keyword queries are what a person types who knows the words.

/** Which half a question belongs to. */
export type QuestionSplit = 'tune' | 'report';

/** One question and the items that answer it (any of them, ranked high, is a hit). */
export interface RetrievalQuestion {
  question: string;
  targets: string[];
  split: QuestionSplit;
}

/** A keyword query (the words the target holds) and its targets. */
export interface KeywordQuery {
  query: string;
  targets: string[];
}

/** The instant the evaluation asks from (the Saturday after the story), so time words are stable. */
export const RETRIEVAL_AS_OF = '2026-12-05T12:00:00Z';

const R = 'acme/checkout';
const gh = (n: number) => `github:issue:${R}#${n}`;
const pr = (n: number) => `github:pull_request:${R}#${n}`;
const ghComment = (n: number, id: number | string) => `github:comment:${R}#${n}/${id}`;
const ghReview = (n: number, id: number) => `github:review:${R}#${n}/${id}`;
const jira = (key: string) => `jira:issue:${key}`;
const jiraComment = (key: string, id: string) => `jira:comment:${key}/${id}`;
const linear = (key: string) => `linear:issue:${key}`;
const linearComment = (n: number) => `linear:comment:1e7c0de1-00${n}-4f00-8a00-0000000000${n}`;
const notion = (id: string) => `notion:page:${id}`;
const slack = (channel: string, epoch: number) => `slack:message:T0ACME/${channel}/${epoch}.000100`;
const discord = (n: number) => `discord:message:278325129692446720/290926798999357250/14370000000000${String(n).padStart(5, '0')}`;
const file = (path: string) => `assistant:file:${R}/${path}`;
const session = (n: number) => `assistant:session:b6f6620${n}-0000-4000-8000-00000000020${n}`;

const INCIDENT = slack('C0INC', 1795426200);
const INCIDENT_SDK = slack('C0INC', 1795427100);
const EXPORT_DEPLOYED = slack('C0ENG', 1795622400);
const DARK_PREVIEW = slack('C0DESIGN', 1795684200);
const DARK_CHARTS = slack('C0DESIGN', 1795687200);
const SAFARI_DEPLOYED = slack('C0ENG', 1796059800);
const MAINTENANCE = slack('C0ENG', 1796205600);
const SHIPPING = slack('C0ENG', 1796299200);
const FREEZE = slack('C0ENG', 1796300400);
const NEW_HIRE_REPLY = slack('C0ENG', 1796029500);
const SLOW_DASHBOARD = slack('C0ENG', 1796200200);
const SLOW_REPLY = slack('C0ENG', 1796202000);
const STRIPE = slack('C0INC', 1796372400);
const STRIPE_REPLY = slack('C0INC', 1796376000);

const q = (split: QuestionSplit, question: string, ...targets: string[]): RetrievalQuestion => ({ question, targets, split });

/** The natural-language questions. */
export const QUESTIONS: RetrievalQuestion[] = [
  q('tune', 'Which pull request fixed the checkout timeout?', pr(42)),
  q(
    'report',
    'What was the root cause of the checkout outage on November 23?',
    notion(P.postmortem),
    jiraComment('PAY-201', '12011'),
    INCIDENT_SDK,
    jira('PAY-201'),
  ),
  q('tune', 'Is there a postmortem for the payment provider incident?', notion(P.postmortem)),
  q('report', 'Who is working on dark mode?', linear('WEB-40'), pr(46)),
  q('tune', 'Where is the spec for the dashboard dark theme?', notion(P.theming)),
  q('report', 'why are orders missing from the CSV export', gh(43), jira('PAY-205'), discord(3103)),
  q('tune', 'PR that fixed csv export commas', pr(44)),
  q('report', 'Did anyone review the CSV quoting change?', ghReview(44, 4401), ghReview(44, 4402), pr(44)),
  q('tune', 'When is the database maintenance window?', MAINTENANCE, notion(P.upgrade), discord(3110)),
  q('report', "What's the plan for upgrading Postgres to 16?", notion(P.upgrade), jira('PAY-210')),
  q('tune', 'Is anything blocking the Postgres upgrade?', jira('PAY-211')),
  q('report', 'Why do Safari users get stuck on the login page?', gh(47), linear('WEB-44')),
  q('tune', 'Which PR fixed the Safari login loop?', pr(48)),
  q('report', 'How are we handling SameSite on the session cookie?', pr(48), gh(47)),
  q('tune', 'What are the rate limits for the public API?', notion(P.rateLimits), pr(51), jira('PAY-215')),
  q('report', 'merchant getting 429 too many requests', discord(3108), discord(3109), linear('WEB-47'), notion(P.rateLimits)),
  q('tune', 'Does the rate limiter keep its buckets in Redis or in memory?', ghReview(51, 5101), ghComment(51, 5102)),
  q('report', 'Why is the dashboard so slow for big merchants?', linear('WEB-48'), SLOW_DASHBOARD, pr(53)),
  q('tune', 'why is the dashbaord slow', linear('WEB-48'), SLOW_DASHBOARD),
  q('report', 'Which PR fixed the N+1 query in the orders summary?', pr(53)),
  q('tune', 'stripe webhooks failing after we rotated the secret', gh(54), STRIPE),
  q('report', 'What was wrong with the Stripe signature checks?', gh(54), ghComment(54, 5401), STRIPE_REPLY),
  q('tune', "What's shipping in v2.14?", gh(52), SHIPPING, linear('WEB-49')),
  q('report', 'Do we have a release checklist?', notion(P.release)),
  q('tune', 'How do I set up checkout locally?', notion(P.onboarding), NEW_HIRE_REPLY),
  q('report', 'Where is the onboarding doc for new engineers?', notion(P.onboarding)),
  q('tune', "What do I do first when payments are down and I'm on call?", notion(P.oncall)),
  q('report', 'How does the payments on-call rotation work?', notion(P.oncall)),
  q('tune', 'Is there an alert for slow payment confirmations?', jira('PAY-202'), jiraComment('PAY-202', '12021')),
  q('report', 'Why is export.spec.ts flaky on CI?', gh(45)),
  q(
    'tune',
    'What did Priya change in the payment provider client?',
    pr(42),
    `github:commit:${R}@a41c0de5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e842`,
    file('src/payments/provider.ts'),
  ),
  q(
    'report',
    'Which files did Claude Code touch for the CSV fix?',
    file('src/reports/csv.ts'),
    file('src/reports/export.spec.ts'),
    session(2),
  ),
  q('tune', 'chart colours are unreadable in dark mode, is there a ticket?', linear('WEB-42')),
  q('report', 'Did we decide on the Partitioned cookie attribute?', ghComment(48, 4802), ghReview(48, 4801)),
  q('tune', 'customer says the pay button spins forever', discord(3101), gh(41), jira('PAY-201'), INCIDENT),
  q('report', 'What did we tell customers about the pay button spinning?', discord(3102)),
  q('tune', 'refunds to Klarna are failing', jira('PAY-221')),
  q('report', 'Why do Swedish customers see dollars in their confirmation email?', gh(57), discord(3111)),
  q('tune', 'Which Jira ticket tracks the orders missing from the finance report?', jira('PAY-205')),
  q('report', 'What did Lars say about deploys during the DB upgrade?', FREEZE, ghComment(52, 5201)),
  q('tune', 'Has the CSV fix been deployed yet?', EXPORT_DEPLOYED),
  q('report', 'Is the iPhone login problem fixed?', SAFARI_DEPLOYED, linearComment(44), discord(3107), pr(48)),
  q('tune', "What's the contrast requirement for the colour themes?", notion(P.theming), linear('WEB-41')),
  q('report', 'Were there duplicate tickets for the iOS sign-in issue?', linear('WEB-45')),
  q('tune', 'Which extensions do we need to check before moving to Postgres 16?', jira('PAY-211')),
  q('report', 'How long did pg_upgrade take on staging?', jiraComment('PAY-210', '12101')),
  q('tune', 'Who reported the export bug on Discord?', discord(3103), gh(43)),
  q('report', 'Are we testing against Postgres 16 in CI?', pr(50), gh(49)),
  q('tune', 'What did Ana say in her review of the CSV PR?', ghReview(44, 4401), ghComment(44, 'r4411')),
  q('report', 'Why does the breaker half-open after 30 seconds?', ghComment(42, 'r4212'), ghComment(42, 'r4211')),
  q('tune', "what's the status of PAY-215?", jira('PAY-215')),
  q('report', 'can you pull up WEB-48', linear('WEB-48')),
  q('tune', 'show me acme/checkout#47', gh(47)),
  q('report', 'https://github.com/acme/checkout/pull/44', pr(44)),
  q('tune', 'what happened with #42', pr(42)),
  q('report', 'the Slack thread about the checkout incident', INCIDENT),
  q('tune', 'Notion doc about rate limits', notion(P.rateLimits)),
  q('report', 'discussion in Slack about the dark mode preview', DARK_PREVIEW, DARK_CHARTS),
  q('tune', "Tom's PR for the rate limiter", pr(51)),
  q(
    'report',
    'What did Dev change with Claude Code?',
    session(3),
    file('src/dashboard/orders-summary.ts'),
    file('src/dashboard/orders-summary.test.ts'),
  ),
  q('tune', 'Which issues did Maya open last week?', gh(43)),
  q('report', 'What happened in #incidents yesterday?', STRIPE, STRIPE_REPLY),
  q('tune', 'Who found the N+1 in the dashboard summary?', linearComment(48), SLOW_REPLY),
  q('report', 'where are the circuit breaker thresholds written down?', pr(42), ghReview(42, 4201)),
  q('tune', 'What is the status of the PCI review?', jira('PAY-220')),
  q('report', 'anything about the footer links?', linear('WEB-50')),
];

/** Keyword queries a person who knows the words types; today's search answers every one. */
export const KEYWORD_QUERIES: KeywordQuery[] = [
  { query: 'circuit breaker', targets: [pr(42)] },
  { query: 'CSV export comma', targets: [gh(43)] },
  { query: 'SameSite', targets: [pr(48), gh(47)] },
  { query: 'dark mode dashboard', targets: [linear('WEB-40')] },
  { query: 'Postgres 16 upgrade', targets: [jira('PAY-210'), notion(P.upgrade)] },
  { query: 'token bucket', targets: [pr(51)] },
  { query: 'orders summary query', targets: [pr(53)] },
  { query: 'Stripe signature', targets: [gh(54)] },
  { query: 'postmortem checkout timeouts', targets: [notion(P.postmortem)] },
  { query: 'onboarding guide', targets: [notion(P.onboarding)] },
  { query: 'release checklist', targets: [notion(P.release)] },
  { query: 'Klarna refund', targets: [jira('PAY-221')] },
  { query: 'PCI', targets: [jira('PAY-220')] },
  { query: 'chart palette', targets: [linear('WEB-42')] },
  { query: 'pg_trgm pgcrypto', targets: [jira('PAY-211')] },
  { query: '429 Retry-After', targets: [notion(P.rateLimits)] },
  { query: 'confirmation email currency', targets: [gh(57)] },
  { query: 'export.spec.ts', targets: [gh(45)] },
  { query: 'maintenance window', targets: [MAINTENANCE, notion(P.upgrade), discord(3110)] },
  { query: 'login loop Safari', targets: [gh(47), linear('WEB-44')] },
];
