import examples from '@octokit/webhooks-examples' with { type: 'json' };
import type { ItemSnapshot } from '@pipe/events';
import { githubIssueSnapshot } from '@pipe/events/testing';
import { describe, expect, it } from 'vitest';
import { itemRef } from '@pipe/platforms';
import { deriveEdges } from './derive-edges.js';

const edgesOf = (item: ItemSnapshot, origin = 'text') =>
  deriveEdges(item)
    .filter((e) => e.origin === origin)
    .map((e) => [e.type, e.toRef, e.rule]);

/** A snapshot of another platform's item, with the text under test as its body. */
function itemOn(platform: ItemSnapshot['platform'], body: string, overrides: Partial<ItemSnapshot> = {}): ItemSnapshot {
  return {
    ...githubIssueSnapshot('octo/demo', 1),
    id: `${platform}:message:X/Y/1`,
    platform,
    kind: 'message',
    title: '',
    body,
    container: null,
    author: null,
    ...overrides,
  };
}

describe('edge rules', () => {
  it('reads the closing keywords of a real GitHub pull request body', () => {
    type Example = {
      name: string;
      examples: { action?: string; pull_request?: { body: string | null; number: number }; repository?: { full_name: string } }[];
    };
    const opened = (examples as unknown as Example[]).find((e) => e.name === 'pull_request')?.examples.find((e) => e.action === 'opened');
    const repo = opened?.repository?.full_name as string;
    const body = `${opened?.pull_request?.body ?? ''}\n\nResolves #1, see also #3 and https://github.com/${repo}/issues/4`;
    const pr = githubIssueSnapshot(repo, opened?.pull_request?.number ?? 2, {
      id: `github:pull_request:${repo}#2`,
      kind: 'pull_request',
      body,
    });
    expect(edgesOf(pr)).toEqual([
      ['CLOSES', `github:${repo}#1`, 'github-closing-keyword'],
      ['REFERENCES', `github:${repo}#3`, 'github-number'],
      ['REFERENCES', `github:${repo}#4`, 'github-url'],
    ]);
  });

  it('links a Slack message naming a Jira key, a Linear id and pasted URLs across platforms', () => {
    const text =
      'Deploy blocked by ACME-12, tracked in <https://linear.app/acme/issue/ENG-42/fix-login|ENG-42>. ' +
      'Context: https://acme.atlassian.net/browse/OPS-7 and https://www.notion.so/acme/Runbook-0123456789abcdef0123456789abcdef ' +
      'and https://acme.slack.com/archives/C024BE91L/p1355517523000008 and https://discord.com/channels/81384788765712384/81384788765712384/103735883630395392 (UTF-8, SHA-256)';
    expect(edgesOf(itemOn('slack', text)).sort()).toEqual(
      [
        ['REFERENCES', 'key:ACME-12', 'tracker-key'],
        ['REFERENCES', 'key:ENG-42', 'linear-url'],
        ['REFERENCES', 'key:OPS-7', 'jira-url'],
        ['REFERENCES', 'notion:page:01234567-89ab-cdef-0123-456789abcdef', 'notion-url'],
        ['REFERENCES', 'slack:C024BE91L/1355517523.000008', 'slack-permalink'],
        ['REFERENCES', 'discord:message:81384788765712384/81384788765712384/103735883630395392', 'discord-link'],
      ].sort(),
    );
  });

  it('reads "Fixes ENG-42" as CLOSES, as Linear magic words do', () => {
    expect(edgesOf(itemOn('github', 'Fixes ENG-42 and relates to ACME-3', { platform: 'github', container: null }))).toEqual([
      ['CLOSES', 'key:ENG-42', 'tracker-closing-keyword'],
      ['REFERENCES', 'key:ACME-3', 'tracker-key'],
    ]);
  });

  it('reads each platform’s own mention markup', () => {
    expect(edgesOf(githubIssueSnapshot('octo/demo', 5, { body: 'cc @Octocat and @hubot, not mail@example.com or @octo/team' }))).toEqual([
      ['MENTIONS', 'identity:github:octocat', 'github-at-mention'],
      ['MENTIONS', 'identity:github:hubot', 'github-at-mention'],
    ]);
    expect(edgesOf(itemOn('slack', 'Hey <@U024BE7LH> and <@W0123|bob>'))).toEqual([
      ['MENTIONS', 'identity:slack:U024BE7LH', 'slack-user-mention'],
      ['MENTIONS', 'identity:slack:W0123', 'slack-user-mention'],
    ]);
    expect(edgesOf(itemOn('jira', 'Thanks [~accountid:5b10a2844c20165700ede21g]!'))).toEqual([
      ['MENTIONS', 'identity:jira:5b10a2844c20165700ede21g', 'jira-account-mention'],
    ]);
    expect(edgesOf(itemOn('discord', 'ping <@!80351110224678912>'))).toEqual([
      ['MENTIONS', 'identity:discord:80351110224678912', 'discord-user-mention'],
    ]);
    // Another platform's markup means nothing here.
    expect(edgesOf(itemOn('slack', 'cc @octocat'))).toEqual([]);
  });

  it('adds REPLIES_TO, PART_OF and AUTHORED_BY from the item’s structure', () => {
    const reply = itemOn('slack', 'agreed', {
      id: 'slack:message:T1/C2/1700000001.000200',
      parentId: 'slack:message:T1/C2/1700000000.000100',
      container: 'T1/C2',
      author: { platform: 'slack', externalId: 'U024BE7LH', handle: 'bob' },
    });
    expect(edgesOf(reply, 'structure')).toEqual([
      ['REPLIES_TO', 'slack:C2/1700000000.000100', 'parent'],
      ['PART_OF', 'container:slack:T1/C2', 'container'],
      ['AUTHORED_BY', 'identity:slack:U024BE7LH', 'author'],
    ]);
  });

  it('points PART_OF at the container of the platform the snapshot names, an assistant session at its GitHub repository', () => {
    const session = itemOn('assistant', 'Claude Code session started', {
      id: 'assistant:session:s-1',
      kind: 'session',
      container: 'octo/demo',
      containerPlatform: 'github',
    });
    expect(edgesOf(session, 'structure')).toEqual([['PART_OF', itemRef('github:repository:octo/demo'), 'container']]);
  });

  it.each([
    ['linear:team:ENG', 'team'],
    ['notion:document:1a2b3c4d-5e6f-4071-8000-00000000d0c5', 'database'],
    ['notion:space:13950b26-c203-4f3b-b97d-93ec06319565', 'space'],
  ] as const)('gives a container (%s) no PART_OF of its own', (id, kind) => {
    const container = itemOn(id.startsWith('linear') ? 'linear' : 'notion', '', { id, kind, container: 'somewhere' });
    expect(edgesOf(container, 'structure')).toEqual([]);
  });
});
