import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SecretBox, createTeam } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import type { ItemSnapshot } from '@pipe/events';
import { discordFixture, githubExample, jiraFixture, linearFixture, normalizedSnapshots, slackExample } from '@pipe/platforms/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { callError, callOk, connectClient, insertActivity, insertItem } from './testing/fixtures.js';
import type { GetItemOutput } from './tools/get-item-tool.js';
import type { RelatedOutput } from './tools/related-tool.js';
import type { TimelineOutput } from './tools/timeline-tool.js';

// The items as the platforms' own normalisers build them from real payloads: the ids and URLs a
// comment URL must lead to are exactly the stored ones.
const github = (event: Parameters<typeof githubExample>[0], action: string, change?: (payload: any) => void) => {
  const payload = githubExample(event, action);
  change?.(payload);
  return normalizedSnapshots('github', payload, { 'x-github-event': event });
};
const byKind = (snapshots: ItemSnapshot[], kind: string) => snapshots.filter((item) => item.kind === kind);

function linearComment(): ItemSnapshot[] {
  const payload = linearFixture('comment-create');
  payload.data.id = '7ea08b2c-5d1e-4c43-9a7e-0b6f3c2d1e00';
  payload.url = 'https://linear.app/acme/issue/LIN-1778/foo-bar#comment-7ea08b2c';
  return normalizedSnapshots('linear', payload);
}

function slackReply(): ItemSnapshot[] {
  const root = slackExample('message');
  const reply = slackExample('message');
  Object.assign(reply.event, {
    ts: '1355517600.000100',
    event_ts: '1355517600.000100',
    thread_ts: '1355517523.000005',
    parent_user_id: 'U123ABC456',
    text: 'agreed',
  });
  return [...normalizedSnapshots('slack', root), ...normalizedSnapshots('slack', reply)];
}

const ISSUE = 'github:issue:Codertocat/Hello-World#1';
const PULL = 'github:pull_request:Codertocat/Hello-World#2';
const COMMIT = 'github:commit:Codertocat/Hello-World@6113728f27ae82c7b1a177c8d03f9e96e0adf246';
const JIRA_ISSUE = 'jira:issue:JRA-20002';
const LINEAR_ISSUE = 'linear:issue:LIN-1778';

describe('a comment’s, review’s or reply’s URL opens that item, never the issue or thread it is on (issue 15, defect 3)', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let client: Client;
  const snapshots: ItemSnapshot[] = [
    ...github('issue_comment', 'created'),
    ...byKind(github('pull_request_review', 'submitted'), 'review'),
    ...github('pull_request_review_comment', 'created'),
    ...github('commit_comment', 'created'),
    ...normalizedSnapshots('jira', jiraFixture('comment-created')),
    ...linearComment(),
    // Linear's documented example: its `#comment-` fragment is no prefix of its id; the stored url finds it.
    ...normalizedSnapshots('linear', linearFixture('comment-create')).map((item) => ({
      ...item,
      id: 'linear:comment:2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9',
    })),
    ...slackReply(),
    ...normalizedSnapshots('discord', discordFixture('message-create')),
    ...normalizedSnapshots('discord', discordFixture('message-reply')),
  ];
  const idOf = (kind: string, parentId: string) => {
    const found = snapshots.filter((item) => item.kind === kind && item.parentId === parentId);
    if (found.length !== 1) throw new Error(`expected one ${kind} on ${parentId}`);
    return (found[0] as ItemSnapshot).id;
  };

  beforeAll(async () => {
    t = await createTestDb();
    const team = await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    const seen = new Set<string>();
    for (const item of snapshots) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      await insertItem(t.db, 'acme', item.id, {
        title: item.title,
        body: item.body,
        url: item.url,
        container: item.container,
        parent_id: item.parentId,
        state: item.state,
      });
    }
    // The parents the payloads name but do not carry in full (a pull request, a commit, an issue seen elsewhere).
    for (const id of [PULL, COMMIT, JIRA_ISSUE, LINEAR_ISSUE]) if (!seen.has(id)) await insertItem(t.db, 'acme', id, { url: null });
    await insertActivity(t.db, 'acme', 'edit-1', idOf('comment', JIRA_ISSUE), 'updated', null, new Date());
    app = buildApp({ db: t.db, logLevel: 'silent' });
    const mcpUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/mcp`;
    ({ client } = await connectClient(mcpUrl, team.apiKey));
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await t?.cleanup();
  });

  const opened = async (url: string) => (await callOk<GetItemOutput>(client, 'get_item', { id: url })).item.id;

  it('get_item opens the comment, review or reply of every URL form its platform links it by', async () => {
    const issueComment = idOf('comment', ISSUE);
    const review = idOf('review', PULL);
    const reviewComment = idOf('comment', PULL);
    const commitComment = idOf('comment', COMMIT);
    const jiraComment = idOf('comment', JIRA_ISSUE);
    const linearComment = 'linear:comment:7ea08b2c-5d1e-4c43-9a7e-0b6f3c2d1e00';
    const slackReplyId = 'slack:message:T123ABC456/C123ABC456/1355517600.000100';
    const discordReply = 'discord:message:278325129692446720/290926798999357250/334385846245916673';
    const cases: [string, string][] = [
      ['https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400', issueComment],
      ['https://api.github.com/repos/Codertocat/Hello-World/issues/comments/492700400', issueComment],
      ['https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-237895671', review],
      ['https://github.com/Codertocat/Hello-World/pull/2#discussion_r284312630', reviewComment],
      ['https://github.com/Codertocat/Hello-World/pull/2/files#r284312630', reviewComment],
      ['https://api.github.com/repos/Codertocat/Hello-World/pulls/comments/284312630', reviewComment],
      ['https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246#commitcomment-33548674', commitComment],
      ['https://github.com/Codertocat/Hello-World/commit/6113728#commitcomment-33548674', commitComment],
      ['https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=252789', jiraComment],
      ['https://jira.atlassian.com/browse/JRA-20002#comment-252789', jiraComment],
      [
        'https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=252789&page=com.atlassian.jira.plugin.system.issuetabpanels:comment-tabpanel#comment-252789',
        jiraComment,
      ],
      ['https://jira.atlassian.com/rest/api/2/issue/10148/comment/252789', jiraComment],
      ['https://linear.app/acme/issue/LIN-1778/foo-bar#comment-7ea08b2c', linearComment],
      ['https://linear.app/acme/issue/LIN-1778#comment-7ea08b2c', linearComment],
      [
        'https://linear.app/issue/LIN-1778/foo-bar#comment-77217de3-fb52-4dad-bb9a-b356beb93de8',
        'linear:comment:2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9',
      ],
      ['https://acme.slack.com/archives/C123ABC456/p1355517600000100?thread_ts=1355517523.000005&cid=C123ABC456', slackReplyId],
      ['https://slack.com/archives/C123ABC456/p1355517600000100?thread_ts=1355517523.000005&cid=C123ABC456', slackReplyId],
      ['https://discord.com/channels/278325129692446720/290926798999357250/334385846245916673', discordReply],
    ];
    const answers = await Promise.all(cases.map(async ([url]) => opened(url)));
    expect(cases.map(([url], n) => [url, answers[n]])).toEqual(cases);
    // And every stored item's own url opens it.
    for (const item of snapshots) if (item.url) expect(await opened(item.url), item.url).toBe(item.id);
  });

  it('related and timeline start from the comment a URL names', async () => {
    const jiraComment = idOf('comment', JIRA_ISSUE);
    const url = 'https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=252789';
    expect((await callOk<RelatedOutput>(client, 'related', { id: url })).start).toBe(jiraComment);
    const timeline = await callOk<TimelineOutput>(client, 'timeline', { item: url });
    expect(timeline.entries.map((entry) => entry.itemId)).toEqual([jiraComment]);
  });

  it('a comment Pipe has not received is not found, and the error names the item it is on instead of answering it', async () => {
    expect(await callError(client, 'get_item', { id: 'https://jira.atlassian.com/browse/JRA-20002?focusedCommentId=999999' })).toMatch(
      /ITEM_NOT_FOUND.*it is on jira:issue:JRA-20002/,
    );
    expect(await callError(client, 'get_item', { id: 'https://github.com/Codertocat/Hello-World/pull/2#discussion_r1' })).toMatch(
      /ITEM_NOT_FOUND.*it is on github:pull_request:Codertocat\/Hello-World#2/,
    );
    expect(await callError(client, 'related', { id: 'https://linear.app/acme/issue/LIN-1778#comment-00000000' })).toMatch(
      /ITEM_NOT_FOUND.*it is on linear:issue:LIN-1778/,
    );
    expect(await callError(client, 'get_item', { id: 'https://github.com/Codertocat/Hello-World/issues/404#issuecomment-1' })).toMatch(
      /ITEM_NOT_FOUND.*try search/,
    );
  });
});
