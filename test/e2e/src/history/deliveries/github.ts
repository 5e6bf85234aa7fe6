import { githubExamples } from '@pipe/platforms/testing';
import { DELETED_MARKER, type HistoryDelivery, redelivery, renamed } from './delivery.js';

// The history's GitHub deliveries: `@octokit/webhooks-examples` payloads (GitHub's documented
// examples) with the repository renamed to acme/checkout and ids, numbers, text, people and
// times changed to tell the story (README.md). Two documented optional fields are set where the
// examples have none: `issue.pull_request` on a comment made on a pull request, and a review
// comment's `in_reply_to_id`.

const REPO = 'acme/checkout';

/** The team's GitHub accounts (login → user id). */
export const GITHUB_PEOPLE = {
  'maya-chen': 5001001,
  tokafor: 5001002,
  'priya-n': 5001003,
  'lars-b': 5001004,
  'ana-souza': 5001005,
  devp: 5001006,
} as const;
export type Login = keyof typeof GITHUB_PEOPLE;

type Json = any;

/** The n-th documented example of an event and action, in acme/checkout, with `renames` applied. */
function example(event: string, action: string | undefined, index: number, renames: [string, string][]): Json {
  const examples = githubExamples(event as 'issues', action);
  const chosen = examples[index];
  if (!chosen) throw new Error(`no ${event}.${action} example #${index}`);
  return renamed(chosen, [...renames, ['Codertocat/Hello-World', REPO], ['Hello-World', 'checkout']]);
}

/** A GitHub user object as payloads carry it, for one of the team. */
function user(login: Login): Json {
  const template = githubExamples('issues', 'opened')[0]?.sender;
  return {
    ...renamed(template, [
      ['21031067', String(GITHUB_PEOPLE[login])],
      ['Codertocat', login],
    ]),
    id: GITHUB_PEOPLE[login],
  };
}

/** Every remaining `Codertocat` (the repository's owner) is the `acme` organisation. */
function finish(payload: Json, sender: Login): Json {
  const done = renamed(payload, [['Codertocat', 'acme']]);
  done.sender = user(sender);
  return done;
}

let sequence = 0;
/** A delivery id in GitHub's form (a UUID), stable across runs. */
const deliveryId = () => `1f6c0000-c0de-4e00-8000-${String(++sequence).padStart(12, '0')}`;

function delivery(event: string, at: string, note: string, payload: Json): HistoryDelivery {
  return { platform: 'github', at, note, deliveryId: deliveryId(), event, payload };
}

export interface IssueText {
  number: number;
  title: string;
  body: string;
  author: Login;
  createdAt: string;
}

function issueObject(payload: Json, issue: IssueText, updatedAt: string): void {
  Object.assign(payload.issue, {
    title: issue.title,
    body: issue.body,
    user: user(issue.author),
    created_at: issue.createdAt,
    updated_at: updatedAt,
    state: 'open',
    id: 700000 + issue.number,
    node_id: `I_acme${issue.number}`,
  });
}

export function issueOpened(issue: IssueText): HistoryDelivery {
  const payload = example('issues', 'opened', 0, [['/issues/1', `/issues/${issue.number}`]]);
  payload.issue.number = issue.number;
  issueObject(payload, issue, issue.createdAt);
  return delivery('issues', issue.createdAt, `GitHub #${issue.number} opened`, finish(payload, issue.author));
}

export function issueEdited(issue: IssueText, before: string, at: string): HistoryDelivery {
  const payload = example('issues', 'edited', 0, [['/issues/1', `/issues/${issue.number}`]]);
  payload.issue.number = issue.number;
  issueObject(payload, issue, at);
  payload.changes = { body: { from: before } };
  return delivery('issues', at, `GitHub #${issue.number} edited`, finish(payload, issue.author));
}

export interface CommentText {
  id: number;
  on: { number: number; title: string; pullRequest?: boolean };
  body: string;
  author: Login;
  createdAt: string;
}

function commentPayload(action: 'created' | 'edited' | 'deleted', comment: CommentText, updatedAt: string): Json {
  const index = action === 'created' ? 0 : 0;
  const { number } = comment.on;
  const payload = example('issue_comment', action, index, [
    ['/issues/1', `/${comment.on.pullRequest ? 'pull' : 'issues'}/${number}`],
    ['492700400', String(comment.id)],
  ]);
  payload.issue.number = number;
  payload.issue.title = comment.on.title;
  payload.issue.html_url = `https://github.com/${REPO}/${comment.on.pullRequest ? 'pull' : 'issues'}/${number}`;
  if (comment.on.pullRequest) {
    payload.issue.pull_request = {
      url: `https://api.github.com/repos/${REPO}/pulls/${number}`,
      html_url: `https://github.com/${REPO}/pull/${number}`,
      diff_url: `https://github.com/${REPO}/pull/${number}.diff`,
      patch_url: `https://github.com/${REPO}/pull/${number}.patch`,
      merged_at: null,
    };
  }
  Object.assign(payload.comment, {
    id: comment.id,
    body: comment.body,
    user: user(comment.author),
    created_at: comment.createdAt,
    updated_at: updatedAt,
  });
  payload.comment.html_url = `https://github.com/${REPO}/${comment.on.pullRequest ? 'pull' : 'issues'}/${number}#issuecomment-${comment.id}`;
  return finish(payload, comment.author);
}

export const commentCreated = (comment: CommentText) =>
  delivery(
    'issue_comment',
    comment.createdAt,
    `GitHub comment ${comment.id} on #${comment.on.number}`,
    commentPayload('created', comment, comment.createdAt),
  );

export function commentEdited(comment: CommentText, before: string, at: string): HistoryDelivery {
  const payload = commentPayload('edited', comment, at);
  payload.changes = { body: { from: before } };
  return delivery('issue_comment', at, `GitHub comment ${comment.id} edited`, payload);
}

export const commentDeleted = (comment: CommentText, at: string) =>
  delivery('issue_comment', at, `GitHub comment ${comment.id} deleted`, commentPayload('deleted', comment, at));

export interface PullText {
  number: number;
  title: string;
  body: string;
  author: Login;
  createdAt: string;
}

export function pullPayload(action: 'opened' | 'closed', pull: PullText, updatedAt: string): Json {
  const payload = example('pull_request', action, 0, [
    ['/pull/2', `/pull/${pull.number}`],
    ['/pulls/2', `/pulls/${pull.number}`],
    ['/issues/2', `/issues/${pull.number}`],
  ]);
  payload.number = pull.number;
  Object.assign(payload.pull_request, {
    number: pull.number,
    id: 800000 + pull.number,
    title: pull.title,
    body: pull.body,
    user: user(pull.author),
    created_at: pull.createdAt,
    updated_at: updatedAt,
    state: action === 'opened' ? 'open' : 'closed',
    closed_at: action === 'opened' ? null : updatedAt,
    merged_at: action === 'opened' ? null : updatedAt,
    merged: action === 'closed',
  });
  return payload;
}

export const pullOpened = (pull: PullText) =>
  delivery(
    'pull_request',
    pull.createdAt,
    `GitHub PR #${pull.number} opened`,
    finish(pullPayload('opened', pull, pull.createdAt), pull.author),
  );

export const pullMerged = (pull: PullText, at: string, by: Login) =>
  delivery('pull_request', at, `GitHub PR #${pull.number} merged`, finish(pullPayload('closed', pull, at), by));

export function review(
  pull: PullText,
  id: number,
  author: Login,
  state: 'commented' | 'approved',
  body: string,
  at: string,
): HistoryDelivery {
  const payload = example('pull_request_review', 'submitted', 0, [
    ['/pull/2', `/pull/${pull.number}`],
    ['/pulls/2', `/pulls/${pull.number}`],
    ['237895671', String(id)],
  ]);
  Object.assign(payload.review, { id, body, state, user: user(author), submitted_at: at });
  Object.assign(payload.pull_request, {
    number: pull.number,
    title: pull.title,
    body: pull.body,
    user: user(pull.author),
    created_at: pull.createdAt,
    updated_at: at,
  });
  return delivery('pull_request_review', at, `GitHub review ${id} on PR #${pull.number}`, finish(payload, author));
}

export function reviewComment(
  pull: PullText,
  id: number,
  reviewId: number,
  author: Login,
  body: string,
  at: string,
  inReplyTo?: number,
): HistoryDelivery {
  const payload = example('pull_request_review_comment', 'created', 0, [
    ['/pull/2', `/pull/${pull.number}`],
    ['/pulls/2', `/pulls/${pull.number}`],
    ['284312630', String(id)],
    ['237895671', String(reviewId)],
  ]);
  Object.assign(payload.comment, { id, body, user: user(author), created_at: at, updated_at: at, pull_request_review_id: reviewId });
  if (inReplyTo) payload.comment.in_reply_to_id = inReplyTo;
  Object.assign(payload.pull_request, {
    number: pull.number,
    title: pull.title,
    body: pull.body,
    user: user(pull.author),
    created_at: pull.createdAt,
    updated_at: at,
  });
  return delivery('pull_request_review_comment', at, `GitHub review comment ${id} on PR #${pull.number}`, finish(payload, author));
}

export function push(sha: string, message: string, author: Login, name: string, at: string): HistoryDelivery {
  const payload = example('push', undefined, 4, [['6113728f27ae82c7b1a177c8d03f9e96e0adf246', sha]]);
  payload.ref = 'refs/heads/main';
  const commit = payload.commits[0];
  Object.assign(commit, { id: sha, message, timestamp: at, url: `https://github.com/${REPO}/commit/${sha}` });
  commit.author = { name, email: `${author}@acme.dev`, username: author };
  commit.committer = { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' };
  payload.head_commit = { ...commit };
  payload.pusher = { name: author, email: `${author}@acme.dev` };
  return delivery('push', at, `GitHub push ${sha.slice(0, 7)}`, finish(payload, author));
}

/** The commits the story makes (the Claude Code sessions report the same shas). */
export const COMMITS = {
  idempotency: '3f1c9a7e5b2d4c6a8e0f1b3d5c7e9a1b2c4d6e8f',
  webhookAck: '9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
} as const;

/** The GitHub side of the story, in no particular order (the history sorts by time). */
export function githubDeliveries(): HistoryDelivery[] {
  const gh1 = {
    number: 1,
    title: 'Card is charged twice when the gateway times out',
    body: 'Seen in PAY-101: the second attempt after a gateway timeout charges the card again. cc @tokafor',
    author: 'maya-chen',
    createdAt: '2026-11-09T09:00:00Z',
  } as const;
  const gh2 = {
    number: 2,
    title: 'Retry banner flickers on slow networks',
    body: 'Design: https://linear.app/acme/issue/WEB-12/retry-banner',
    author: 'ana-souza',
    createdAt: '2026-11-09T14:20:00Z',
  } as const;
  const gh3 = {
    number: 3,
    title: 'Flaky test: checkout_spec times out',
    body: 'Started after #9 was merged; there is a thread in Slack.',
    author: 'lars-b',
    createdAt: '2026-11-11T10:30:00Z',
  } as const;
  const gh6 = {
    number: 6,
    title: 'Upgrade CI to Node 20.19',
    body: 'The runner image is still on 20.11.',
    author: 'lars-b',
    createdAt: '2026-11-09T11:00:00Z',
  } as const;
  const gh8 = {
    number: 8,
    title: 'Accessibility audit of the checkout page',
    body: 'Banner wording is tracked in WEB-13.',
    author: 'ana-souza',
    createdAt: '2026-11-12T15:00:00Z',
  } as const;
  const pr9 = {
    number: 9,
    title: 'Send the idempotency key on retries',
    body: 'Fixes #1. See PAY-101 and PAY-102.',
    author: 'priya-n',
    createdAt: '2026-11-10T15:00:00Z',
  } as const;
  const c9001 = {
    id: 9001,
    on: gh1,
    body: 'I can reproduce with the sandbox gateway: the idempotency key is dropped on the second attempt.',
    author: 'tokafor',
    createdAt: '2026-11-09T10:15:00Z',
  } as const;
  const c9002Before = '@priya-n can you take this? Might be related to #2.';
  const c9002 = { id: 9002, on: gh1, body: c9002Before, author: 'maya-chen', createdAt: '2026-11-09T10:40:00Z' } as const;
  const c9003 = { id: 9003, on: gh6, body: 'Done on the runners; closing.', author: 'devp', createdAt: '2026-11-10T09:30:00Z' } as const;
  const c9004 = {
    id: 9004,
    on: gh3,
    body: 'Slack thread: https://acme.slack.com/archives/C0ENG/p1794391200000500',
    author: 'devp',
    createdAt: '2026-11-11T11:00:00Z',
  } as const;
  const opened9 = pullOpened(pr9);

  const gh4Before = 'Incident in #incidents, tracked in PAY-110. @devp owns the fix.';
  const gh4 = {
    number: 4,
    title: 'Gateway webhooks time out under load',
    body: gh4Before,
    author: 'lars-b',
    createdAt: '2026-11-16T09:20:00Z',
  } as const;
  const gh5 = {
    number: 5,
    title: 'Document the webhook retry budget',
    body: 'Follows #4.',
    author: 'ana-souza',
    createdAt: '2026-11-16T11:00:00Z',
  } as const;
  const gh7 = { number: 7, title: 'Bump stripe-node to 17', body: '', author: 'tokafor', createdAt: '2026-11-19T10:00:00Z' } as const;
  const pr10 = {
    number: 10,
    title: 'Acknowledge gateway webhooks before processing',
    body: 'Closes #4\nResolves PAY-110',
    author: 'devp',
    createdAt: '2026-11-16T13:00:00Z',
  } as const;
  const pr11 = {
    number: 11,
    title: 'Docs: webhook retry budget',
    body: 'Fixes #5. Runbook: https://www.notion.so/acme/Webhook-runbook-2b7104cd477e80a19c11000000000201',
    author: 'ana-souza',
    createdAt: '2026-11-18T10:00:00Z',
  } as const;
  const c9010 = {
    id: 9010,
    on: gh4,
    body: 'Raising the ack timeout in #10; queueing is tracked in WEB-20.',
    author: 'devp',
    createdAt: '2026-11-16T10:00:00Z',
  } as const;
  const c9011 = {
    id: 9011,
    on: { ...pr10, pullRequest: true },
    body: 'CI is green, @maya-chen merging.',
    author: 'tokafor',
    createdAt: '2026-11-17T09:00:00Z',
  } as const;
  const c9012 = {
    id: 9012,
    on: gh5,
    body: `wrong issue, ignore: STRIPE_SECRET=${DELETED_MARKER}`,
    author: 'tokafor',
    createdAt: '2026-11-16T11:30:00Z',
  } as const;
  const opened10 = pullOpened(pr10);

  return [
    issueOpened(gh1),
    commentCreated(c9001),
    commentCreated(c9002),
    commentEdited({ ...c9002, body: '@priya-n can you take this?' }, c9002Before, '2026-11-09T10:55:00Z'),
    issueOpened(gh6),
    issueOpened(gh2),
    commentCreated(c9003),
    opened9,
    redelivery(opened9, '2026-11-10T15:01:00Z'),
    review(pr9, 7001, 'tokafor', 'commented', 'Looks right; one nit on the header name.', '2026-11-10T16:00:00Z'),
    reviewComment(pr9, 8001, 7001, 'tokafor', 'Use `Idempotency-Key`: the gateway ignores `X-Idempotency-Key`.', '2026-11-10T16:00:30Z'),
    reviewComment(pr9, 8002, 7002, 'priya-n', 'Renamed in the next push.', '2026-11-10T16:30:00Z', 8001),
    review(pr9, 7002, 'maya-chen', 'approved', 'Approved.', '2026-11-10T17:00:00Z'),
    push(COMMITS.idempotency, 'Send Idempotency-Key on gateway retries (#9)\n\nFixes #1', 'priya-n', 'Priya Nair', '2026-11-10T17:10:00Z'),
    pullMerged(pr9, '2026-11-10T17:10:05Z', 'priya-n'),
    issueOpened(gh3),
    commentCreated(c9004),
    issueOpened(gh8),

    issueOpened(gh4),
    commentCreated(c9010),
    issueOpened(gh5),
    commentCreated(c9012),
    commentDeleted(c9012, '2026-11-16T11:32:00Z'),
    opened10,
    redelivery(opened10, '2026-11-16T13:00:30Z'),
    review(pr10, 7010, 'maya-chen', 'approved', 'Approved once the runbook is updated.', '2026-11-16T15:00:00Z'),
    reviewComment(pr10, 8010, 7010, 'lars-b', 'This path also needs the budget from #5.', '2026-11-16T15:05:00Z'),
    commentCreated(c9011),
    push(COMMITS.webhookAck, 'Acknowledge webhooks before processing\n\nCloses #4', 'devp', 'Dev Patel', '2026-11-17T09:05:00Z'),
    pullMerged(pr10, '2026-11-17T09:05:05Z', 'tokafor'),
    issueEdited({ ...gh4, body: `${gh4Before} Alerting follow-up: PAY-111.` }, gh4Before, '2026-11-17T10:00:00Z'),
    pullOpened(pr11),
    issueOpened(gh7),
  ];
}
