import { describe, expect, it } from 'vitest';
import { DERIVED_CONTAINER_VERSION } from '../../kit/container.js';
import { githubExample } from '../testing/github-examples.js';
import { githubTestDelivery } from '../testing/github-test-delivery.js';
import { eventsOfType, normalizedEvents } from '../testing/normalized-events.js';

const REPOSITORY_ID = 'github:repository:Codertocat/Hello-World';

describe('the repository a delivery names (issue 15, defect 5)', () => {
  it.each([
    ['issues', 'opened'],
    ['issue_comment', 'created'],
    ['pull_request', 'opened'],
    ['pull_request_review', 'submitted'],
  ] as const)('observes the repository of a %s delivery as a thin item', (event, action) => {
    const events = normalizedEvents(githubTestDelivery(event, githubExample(event, action)));
    const repository = eventsOfType(events, 'item.observed').find((observed) => observed.data.item.id === REPOSITORY_ID)?.data.item;
    expect(repository).toMatchObject({
      platform: 'github',
      kind: 'repository',
      title: 'Codertocat/Hello-World',
      url: 'https://github.com/Codertocat/Hello-World',
      container: null,
      version: DERIVED_CONTAINER_VERSION,
    });
  });

  it('leaves a repository delivery with its own, richer snapshot only', () => {
    const events = normalizedEvents(githubTestDelivery('repository', githubExample('repository', 'publicized')));
    const repositories = eventsOfType(events, 'item.observed').filter((observed) => observed.data.item.id === REPOSITORY_ID);
    expect(repositories).toHaveLength(1);
    expect(repositories[0]?.data.item.version).toBeGreaterThan(DERIVED_CONTAINER_VERSION);
  });
});
