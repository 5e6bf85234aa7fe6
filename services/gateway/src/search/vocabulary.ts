import { PLATFORMS } from '@pipe/platforms';
/**
 * The words a question is asked with rather than about: interrogatives, auxiliaries, pronouns,
 * politeness and the verbs of asking ("show me", "pull up"). They never decide what matches; a
 * question made only of them still searches its words, as a keyword query.
 */
export const QUESTION_WORDS = new Set(
  (
    'a an the and or but of to in on at by for from with about into over after before since as is are was were be been being ' +
    'am do does did done doing have has had having can could would should will shall may might must i me my we us our you your ' +
    'he she it its they them their this that these those there here what which who whom whose where when why how any anything ' +
    'anyone anybody some something someone somebody all every each no not yes please pls thanks hi hello hey just still yet ' +
    'show find tell give get let pull up look looking know knows see seen say said says mention mentioned ' +
    'happened happen happening going go went status update latest info information thing things stuff someone ' +
    'again also really very much many more most so then than too if else whether like also either neither ' +
    'ever already one ones kind sort lot lots ' +
    // What people did, when the question names the person: "which issues did Maya open", "who is working on".
    'open opened file filed create created write wrote written make made change changed changes work working worked touch touched'
  ).split(/\s+/),
);

/** Words that name a platform, and the platform they name (a boost: the asker expects it there): each module's name and the other words it is asked by. */
export const PLATFORM_WORDS: Readonly<Record<string, string>> = Object.fromEntries(
  PLATFORMS.flatMap((module) => [module.name, ...(module.askedAs ?? [])].map((word) => [word, module.name])),
);

/** Words that name a kind of item, and the kinds they name (a boost; `pr` is a pull request wherever it is asked). */
export const KIND_WORDS: Record<string, string[]> = {
  pr: ['pull_request'],
  prs: ['pull_request'],
  mr: ['pull_request'],
  pull: ['pull_request'],
  issue: ['issue', 'ticket'],
  issues: ['issue', 'ticket'],
  bug: ['issue', 'ticket'],
  bugs: ['issue', 'ticket'],
  ticket: ['ticket', 'issue'],
  tickets: ['ticket', 'issue'],
  commit: ['commit'],
  commits: ['commit'],
  review: ['review'],
  reviews: ['review'],
  reviewed: ['review'],
  comment: ['comment'],
  comments: ['comment'],
  doc: ['page'],
  docs: ['page'],
  document: ['page'],
  documentation: ['page'],
  spec: ['page'],
  page: ['page'],
  wiki: ['page'],
  postmortem: ['page'],
  runbook: ['page'],
  handbook: ['page'],
  guide: ['page'],
  checklist: ['page'],
  plan: ['page'],
  thread: ['message'],
  message: ['message'],
  messages: ['message'],
  discussion: ['message'],
  chat: ['message'],
  session: ['session'],
  sessions: ['session'],
  file: ['file'],
  files: ['file'],
};

/**
 * Words that ask for the item that resolved something ("which PR fixed …"): items that close or
 * resolve a strong hit share more of its score, and pull requests and commits are preferred.
 */
export const FIX_WORDS = new Set([
  'fix',
  'fixed',
  'fixes',
  'fixing',
  'resolve',
  'resolved',
  'resolves',
  'close',
  'closed',
  'closes',
  'solved',
]);

/**
 * A small, owned table of engineering synonyms and aliases: each group's words stand for one
 * another in a query (a match on an alias counts a little less than on the word asked).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['pr', 'pull request', 'merge request'],
  ['bug', 'issue', 'defect', 'problem', 'broken'],
  ['fix', 'fixes', 'closes', 'resolves', 'patch'],
  ['doc', 'spec', 'page', 'document', 'design'],
  ['deploy', 'release', 'ship', 'shipping', 'rollout', 'deployed'],
  ['outage', 'incident', 'down', 'downtime'],
  ['postmortem', 'retro', 'incident review', 'root cause'],
  ['slow', 'latency', 'performance'],
  ['login', 'sign in', 'signin', 'log in', 'auth'],
  ['logout', 'logged out', 'sign out'],
  ['db', 'database', 'postgres', 'postgresql'],
  ['upgrade', 'migration'],
  ['ci', 'pipeline', 'build'],
  ['flaky', 'intermittent', 'intermittently'],
  ['test', 'spec', 'tests'],
  ['error', 'failure', 'failing', 'fails', 'fail'],
  ['dark mode', 'dark theme'],
  ['colour', 'color'],
  ['rate limit', 'rate limiter', 'throttle', '429'],
  ['on call', 'oncall', 'on-call', 'pager'],
  ['onboarding', 'new hire', 'setup', 'set up'],
  ['alert', 'alerting', 'monitoring'],
];
