import { itemId } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { githubCommentId, githubIssueId, githubNumberRef, githubPullRequestId } from './github/ids.js';
import { itemRef } from './item-refs.js';

describe('item ids', () => {
  it('are readable and deterministic', () => {
    expect(githubIssueId('octo/demo', 7)).toBe('github:issue:octo/demo#7');
    expect(githubPullRequestId('octo/demo', 8)).toBe('github:pull_request:octo/demo#8');
    expect(githubCommentId('octo/demo', 7, 99)).toBe('github:comment:octo/demo#7/99');
    expect(itemId('jira', 'issue', 'ACME-12')).toBe('jira:issue:ACME-12');
    expect(itemId('slack', 'message', 'T1/C2/1700000000.000100')).toBe('slack:message:T1/C2/1700000000.000100');
  });

  it('give GitHub issues and PRs one reference per number, Jira and Linear keys one per key', () => {
    expect(itemRef(githubIssueId('octo/demo', 7))).toBe(githubNumberRef('octo/demo', 7));
    expect(itemRef(githubPullRequestId('octo/demo', 7))).toBe('github:octo/demo#7');
    expect(itemRef('jira:issue:ACME-12')).toBe('key:ACME-12');
    expect(itemRef('linear:issue:ENG-42')).toBe('key:ENG-42');
    expect(itemRef('slack:message:T1/C2/1700000000.000100')).toBe('slack:C2/1700000000.000100');
    expect(itemRef('github:repository:octo/demo')).toBe('container:github:octo/demo');
  });

  it('give every container item the reference its items name it by (container:<platform>:<key>)', () => {
    expect(itemRef('jira:project:ACME')).toBe('container:jira:ACME');
    expect(itemRef('linear:team:ENG')).toBe('container:linear:ENG');
    expect(itemRef('slack:channel:T1/C2')).toBe('container:slack:T1/C2');
    expect(itemRef('discord:channel:1/2')).toBe('container:discord:1/2');
    expect(itemRef('notion:document:1a2b3c4d-5e6f-4071-8000-00000000d0c5')).toBe('container:notion:1a2b3c4d-5e6f-4071-8000-00000000d0c5');
    expect(itemRef('notion:space:13950b26-c203-4f3b-b97d-93ec06319565')).toBe('container:notion:13950b26-c203-4f3b-b97d-93ec06319565');
    expect(itemRef('assistant:project:octo/demo')).toBe('container:assistant:octo/demo');
  });
});
