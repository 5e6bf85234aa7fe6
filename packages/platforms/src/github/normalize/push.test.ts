import { describe, expect, it } from 'vitest';
import { githubExample, githubExamples } from '../testing/github-examples.js';
import { githubTestDelivery, TEST_DELIVERY_ID } from '../testing/github-test-delivery.js';
import { eventsOfType, normalizedEvents } from '../testing/normalized-events.js';
import { normalizeGithubDelivery } from './normalize-github-delivery.js';

const SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';

/** The real push example that carries commits (a branch's first push). */
function pushWithCommits() {
  const payload = githubExamples('push').find((example) => example.commits.length > 0);
  if (!payload) throw new Error('@octokit/webhooks-examples has no push with commits');
  return payload;
}

describe('push', () => {
  it('observes each commit, its author, and the pushing', () => {
    const payload = pushWithCommits();
    const events = normalizedEvents(githubTestDelivery('push', payload));

    expect(events.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    // The sender authored the commit: one identity, with the name and email the commit adds.
    expect(eventsOfType(events, 'identity.observed')[0]?.data).toEqual({
      identity: { platform: 'github', externalId: '21031067', handle: 'Codertocat' },
      name: 'Codertocat',
      email: '21031067+Codertocat@users.noreply.github.com',
      url: 'https://github.com/Codertocat',
    });
    expect(eventsOfType(events, 'item.observed')[0]?.data.item).toEqual({
      id: `github:commit:Codertocat/Hello-World@${SHA}`,
      platform: 'github',
      kind: 'commit',
      title: 'Initial commit',
      body: 'Initial commit',
      url: `https://github.com/Codertocat/Hello-World/commit/${SHA}`,
      state: null,
      container: 'Codertocat/Hello-World',
      parentId: null,
      author: { platform: 'github', externalId: '21031067', handle: 'Codertocat' },
      createdAt: '2019-05-15T15:19:25.000Z',
      updatedAt: '2019-05-15T15:19:25.000Z',
      version: Date.parse('2019-05-15T15:19:25Z'),
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({
      activityId: `github:${TEST_DELIVERY_ID}:0`,
      itemId: `github:commit:Codertocat/Hello-World@${SHA}`,
      verb: 'pushed',
      summary: 'Codertocat pushed 6113728 to Codertocat/Hello-World (master): Initial commit',
    });
    expect(events[0]?.occurredAt).toBe('2019-05-15T15:19:25.000Z');
  });

  it('titles a commit with the first line of its message and numbers one activity per commit', () => {
    const original = pushWithCommits();
    const [commit] = original.commits;
    if (!commit) throw new Error('the example push has a commit');
    const second = { ...commit, id: 'a'.repeat(40), message: 'Fix the README\r\n\r\nIt said commmit.' };
    const payload = { ...original, commits: [commit, second] };
    const events = normalizedEvents(githubTestDelivery('push', payload));

    const items = eventsOfType(events, 'item.observed').map((event) => event.data.item);
    expect(items[1]).toMatchObject({ title: 'Fix the README', body: 'Fix the README\r\n\r\nIt said commmit.' });
    expect(eventsOfType(events, 'activity.observed').map((event) => event.data.activityId)).toEqual([
      `github:${TEST_DELIVERY_ID}:0`,
      `github:${TEST_DELIVERY_ID}:1`,
    ]);
  });

  it('leaves the author of a commit pushed by somebody else unnamed', () => {
    const original = pushWithCommits();
    const commits = original.commits.map((commit) => ({ ...commit, author: { ...commit.author, username: 'monalisa' } }));
    const events = normalizedEvents(githubTestDelivery('push', { ...original, commits }));
    expect(eventsOfType(events, 'item.observed')[0]?.data.item.author).toBeNull();
    expect(eventsOfType(events, 'identity.observed')[0]?.data.email).toBeNull();
  });

  it('skips a push without commits', () => {
    const payload = githubExample('push');
    expect(payload.commits).toEqual([]);
    expect(normalizeGithubDelivery(githubTestDelivery('push', payload))).toEqual({
      outcome: 'skipped',
      event: 'push',
      action: null,
      reason: 'github push to refs/tags/simple-tag carries no commits',
    });
  });
});
