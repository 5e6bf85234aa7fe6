import { describe, expect, it } from 'vitest';
import { eventsOfType, normalizedEvents } from '../testing/normalized-events.js';
import { githubExample, githubExamples } from '../testing/github-examples.js';
import { TEST_RECEIVED_AT, githubTestDelivery } from '../testing/github-test-delivery.js';

const events = (event: string, payload: unknown) => normalizedEvents(githubTestDelivery(event, payload));

describe('GitHub beyond issues, pull requests, reviews and pushes', () => {
  it('makes a pull request review comment a comment replying to the pull request, or to the comment it answers', () => {
    const payload = githubExample('pull_request_review_comment', 'created');
    const repo = payload.repository.full_name;
    const n = payload.pull_request.number;
    const [pr, comment] = eventsOfType(events('pull_request_review_comment', payload), 'item.observed').map((e) => e.data.item);
    expect(pr?.id).toBe(`github:pull_request:${repo}#${n}`);
    expect(comment).toMatchObject({
      id: `github:comment:${repo}#${n}/r${payload.comment.id}`,
      kind: 'comment',
      parentId: pr?.id,
      body: payload.comment.body,
    });
    const reply = { ...payload, comment: { ...payload.comment, id: payload.comment.id + 1, in_reply_to_id: payload.comment.id } };
    expect(eventsOfType(events('pull_request_review_comment', reply), 'item.observed')[1]?.data.item.parentId).toBe(comment?.id);
    const [removed] = eventsOfType(
      events('pull_request_review_comment', githubExample('pull_request_review_comment', 'deleted')),
      'item.removed',
    );
    expect(removed?.data).toMatchObject({ kind: 'comment', itemId: expect.stringMatching(/\/r\d+$/) });
  });

  it('makes a commit comment a comment replying to its commit, with a commented activity on the commit', () => {
    const payload = githubExample('commit_comment', 'created');
    const repo = payload.repository.full_name;
    const list = events('commit_comment', payload);
    const [comment] = eventsOfType(list, 'item.observed');
    expect(comment?.data.item).toMatchObject({
      kind: 'comment',
      parentId: `github:commit:${repo}@${payload.comment.commit_id}`,
      url: payload.comment.html_url,
    });
    expect(eventsOfType(list, 'activity.observed')[0]?.data).toMatchObject({
      verb: 'commented',
      itemId: `github:commit:${repo}@${payload.comment.commit_id}`,
    });
  });

  it('keeps releases as release items by tag; a deletion removes it', () => {
    for (const [action, state] of [
      ['published', 'published'],
      ['prereleased', 'prerelease'],
    ] as const) {
      const payload = githubExample('release', action);
      const [release] = eventsOfType(events('release', payload), 'item.observed');
      expect(release?.data.item).toMatchObject({
        id: `github:release:${payload.repository.full_name}@${payload.release.tag_name}`,
        kind: 'release',
        state,
      });
    }
    const [removed] = eventsOfType(events('release', githubExample('release', 'deleted')), 'item.removed');
    expect(removed?.data).toMatchObject({ kind: 'release', itemId: expect.stringContaining('github:release:') });
    const edited = eventsOfType(events('release', githubExample('release', 'edited')), 'item.observed')[0]!.data.item;
    expect(edited.version).toBe(Date.parse(TEST_RECEIVED_AT));
  });

  it('makes created branches and tags items, and deletes remove them at a later version', () => {
    const created = githubExample('create');
    const [tag] = eventsOfType(events('create', created), 'item.observed');
    expect(tag?.data.item).toMatchObject({
      id: `github:tag:${created.repository.full_name}@${created.ref}`,
      kind: 'tag',
      url: expect.stringContaining('/releases/tag/'),
    });
    const branch = { ...created, ref: 'feature/search', ref_type: 'branch' };
    expect(eventsOfType(events('create', branch), 'item.observed')[0]?.data.item).toMatchObject({
      id: `github:branch:${created.repository.full_name}@feature/search`,
      kind: 'branch',
    });
    const deleted = githubExample('delete');
    const [removed] = eventsOfType(
      normalizedEvents(githubTestDelivery('delete', deleted, { receivedAt: '2024-06-02T00:00:00.000Z' })),
      'item.removed',
    );
    expect(removed?.data).toMatchObject({ itemId: `github:tag:${deleted.repository.full_name}@${deleted.ref}`, kind: 'tag' });
    expect(removed!.data.version).toBeGreaterThan(tag!.data.item.version);
  });

  it('keeps the repository as the item its issues and commits are contained in; a rename removes the old name', () => {
    const payload = githubExample('repository', 'privatized');
    const [repo] = eventsOfType(events('repository', payload), 'item.observed');
    expect(repo?.data.item).toMatchObject({
      id: `github:repository:${payload.repository.full_name}`,
      kind: 'repository',
      state: 'private',
      container: null,
    });
    const renamed = githubExample('repository', 'renamed');
    const moved = { ...renamed, changes: { repository: { name: { from: 'Old-Name' } } } };
    const removals = eventsOfType(events('repository', moved), 'item.removed');
    expect(removals.map((e) => e.data.itemId)).toEqual([`github:repository:${renamed.repository.full_name.split('/')[0]}/Old-Name`]);
    // GitHub's own example renames to the same name: nothing is removed.
    expect(eventsOfType(events('repository', renamed), 'item.removed')).toEqual([]);
  });

  it('records the sender, the author and the assignees as identities', () => {
    const payload = githubExamples('issues', 'assigned').find((p) => (p.issue.assignees ?? []).length > 0);
    if (!payload) throw new Error('expected an issues.assigned example with assignees');
    const identities = eventsOfType(events('issues', payload), 'identity.observed').map((e) => e.data.identity.handle);
    expect(identities).toEqual(expect.arrayContaining([payload.sender.login, ...(payload.issue.assignees ?? []).map((a) => a.login)]));
  });

  it('normalises edits, closes, reopenings and merges as new versions with their verbs', () => {
    const edited = events('issues', githubExample('issues', 'edited'));
    expect(eventsOfType(edited, 'activity.observed')[0]?.data.verb).toBe('edited');
    const reopened = events('issues', githubExample('issues', 'reopened'));
    expect(eventsOfType(reopened, 'item.observed')[0]?.data.item.state).toBe('open');
    const closed = githubExamples('pull_request', 'closed');
    const merged = closed.find((p) => p.pull_request.merged);
    const unmerged = closed.find((p) => !p.pull_request.merged);
    if (merged) expect(eventsOfType(events('pull_request', merged), 'activity.observed')[0]?.data.verb).toBe('merged');
    if (unmerged) expect(eventsOfType(events('pull_request', unmerged), 'item.observed')[0]?.data.item.state).toBe('closed');
    expect(merged ?? unmerged).toBeDefined();
  });
});
