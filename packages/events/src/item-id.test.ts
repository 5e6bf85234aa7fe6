import { describe, expect, it } from 'vitest';
import { githubCommentId, githubIssueId, githubNumberRef, githubPullRequestId, itemId, itemRef, itemUri } from './item-id.js';
import { eventSubject, subjectPartition, teamPartition } from './subjects.js';
import { githubIssueSnapshot, itemObserved } from './testing/index.js';

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

  it('map to pipe:// resource URIs and subjects', () => {
    expect(itemUri('github:issue:octo/demo#7')).toBe('pipe://items/github%3Aissue%3Aocto%2Fdemo%237');
    const event = itemObserved(githubIssueSnapshot('octo/demo', 7));
    const partition = teamPartition('acme');
    expect(eventSubject(event)).toBe(`pipe.events.${partition}.acme.github.item_observed`);
    expect(eventSubject(event, 't1.pipe')).toBe(`t1.pipe.events.${partition}.acme.github.item_observed`);
    expect(eventSubject(event, 'pipe', 1)).toBe('pipe.events.0.acme.github.item_observed');
    expect(subjectPartition(eventSubject(event))).toBe(partition);
    // Teams spread over the partitions, each always to the same one.
    const spread = new Set(['acme', 'beta', 'gamma', 'delta', 'omega', 'zeta', 'demo', 'bench'].map((t) => teamPartition(t)));
    expect(spread.size).toBeGreaterThan(1);
    expect(teamPartition('acme')).toBe(partition);
  });
});
