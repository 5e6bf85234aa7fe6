import examples from '@octokit/webhooks-examples' with { type: 'json' };
import type { ItemSnapshot } from '@pipe/events';
import { jiraFixture, linearFixture, normalizedSnapshots, snapshotOfKind } from '@pipe/platforms/testing';
import { describe, expect, it } from 'vitest';
import { deriveEdges } from './derive-edges.js';

const snapshotsOf = normalizedSnapshots;

/** The reply and text edges of an item (its container and author edges are not the point here). */
const edgesOf = (item: ItemSnapshot) =>
  deriveEdges(item)
    .filter((edge) => edge.type !== 'PART_OF' && edge.type !== 'AUTHORED_BY')
    .map((edge) => `${edge.type} ${edge.toRef}`);

function githubIssueCommentCreated(): unknown {
  const events = examples as unknown as { name: string; examples: { action?: string; issue?: { pull_request?: unknown } }[] }[];
  const payload = events
    .find((event) => event.name === 'issue_comment')
    ?.examples.find((example) => example.action === 'created' && !example.issue?.pull_request);
  return structuredClone(payload);
}

describe('derived edges read only the text the source wrote (issue 15, defect 4)', () => {
  it('a GitHub issue comment, a Jira comment and a Linear comment only reply to their parent: the title Pipe composed names it but states nothing', () => {
    const github = snapshotOfKind(snapshotsOf('github', githubIssueCommentCreated(), { 'x-github-event': 'issue_comment' }), 'comment');
    expect(github.title).toMatch(/^Comment on Codertocat\/Hello-World#1: /);
    expect(edgesOf(github)).toEqual(['REPLIES_TO github:Codertocat/Hello-World#1']);

    const jira = snapshotOfKind(snapshotsOf('jira', jiraFixture('comment-created')), 'comment');
    expect(jira.title).toMatch(/^Comment on JRA-20002: /);
    expect(edgesOf(jira)).toEqual(['REPLIES_TO key:JRA-20002']);

    const linear = snapshotOfKind(snapshotsOf('linear', linearFixture('comment-create')), 'comment');
    expect(linear.title).toMatch(/^Comment on LIN-1778/);
    expect(edgesOf(linear)).toEqual(['REPLIES_TO key:LIN-1778']);
  });

  it('a comment whose own words name its parent still references it', () => {
    const payload = jiraFixture('comment-created');
    payload.comment.body = 'Same root cause as JRA-20002 and JRA-7';
    expect(edgesOf(snapshotOfKind(snapshotsOf('jira', payload), 'comment'))).toEqual([
      'REFERENCES key:JRA-20002',
      'REFERENCES key:JRA-7',
      'REPLIES_TO key:JRA-20002',
    ]);
  });

  it('an item whose real title names a key or a number still gets its REFERENCES', () => {
    const jiraIssue = jiraFixture('issue-created');
    jiraIssue.issue.fields.summary = 'Retry double charges seen in PAY-101';
    jiraIssue.issue.fields.description = null;
    const issue = snapshotOfKind(snapshotsOf('jira', jiraIssue), 'issue');
    expect(issue.titleComposed).toBeUndefined();
    expect(edgesOf(issue)).toContain('REFERENCES key:PAY-101');

    const events = examples as unknown as {
      name: string;
      examples: { action?: string; issue?: { title: string; body: string | null } }[];
    }[];
    const opened = structuredClone(
      events.find((event) => event.name === 'issues')?.examples.find((example) => example.action === 'opened'),
    );
    if (!opened?.issue) throw new Error('no issues.opened example');
    opened.issue.title = 'Follow-up to #7 and PAY-101';
    opened.issue.body = null;
    expect(edgesOf(snapshotOfKind(snapshotsOf('github', opened, { 'x-github-event': 'issues' }), 'issue')).sort()).toEqual([
      'REFERENCES github:Codertocat/Hello-World#7',
      'REFERENCES key:PAY-101',
    ]);
  });

  it('a message whose first line is cut for its title is read whole, not as the cut key', () => {
    const body = `${'x'.repeat(72)} PAY-101 is the one`;
    const message: ItemSnapshot = {
      id: 'slack:message:T1/C2/1700000000.000100',
      platform: 'slack',
      kind: 'message',
      title: `${body.slice(0, 79)}…`,
      titleComposed: true,
      body,
      url: null,
      state: null,
      container: null,
      parentId: null,
      author: null,
      createdAt: null,
      updatedAt: null,
      version: 1,
    };
    expect(message.title).toContain('PAY-10…');
    expect(edgesOf(message)).toEqual(['REFERENCES key:PAY-101']);
  });
});
