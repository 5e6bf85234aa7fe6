import { describe, expect, it } from 'vitest';
import { normalizeLinearDelivery } from './normalize-linear-delivery.js';
import { eventsOfType, linearFixture, linearTestDelivery, normalizedLinearEvents, TEST_DELIVERY_ID } from '../testing/linear-fixtures.js';

const ORBIT = { platform: 'linear', externalId: 'b5ea5f1f-8adc-4f52-b4bd-ab4e84cf51ba', handle: null };

describe('linear issues', () => {
  it('observes a created issue with its team, state and creator', () => {
    const events = normalizedLinearEvents(linearFixture('issue-create'));
    // The second item is the team (container.test.ts).
    expect(events.map((event) => event.type)).toEqual([
      'identity.observed',
      'identity.observed',
      'item.observed',
      'item.observed',
      'activity.observed',
    ]);
    expect(eventsOfType(events, 'item.observed')[0]?.data.item).toEqual({
      id: 'linear:issue:LIN-1778',
      platform: 'linear',
      kind: 'issue',
      title: 'Foo bar',
      body: 'Blocked by LIN-1777; see the design notes.',
      url: 'https://linear.app/company/issue/LIN-1778/foo-bar',
      state: 'Todo',
      container: 'LIN',
      parentId: null,
      author: { platform: 'linear', externalId: 'aacdca22-6266-4c0a-ab3c-8fa70a26765c', handle: null },
      createdAt: '2020-01-23T12:53:18.084Z',
      updatedAt: '2020-01-23T12:53:18.084Z',
      version: Date.parse('2020-01-23T12:53:18.084Z'),
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toEqual({
      activityId: `linear:${TEST_DELIVERY_ID}:0`,
      itemId: 'linear:issue:LIN-1778',
      verb: 'created',
      actor: ORBIT,
      summary: 'Linear Orbit created issue LIN-1778: Foo bar',
    });
  });

  it('observes an update as a newer version', () => {
    const [observed] = eventsOfType(normalizedLinearEvents(linearFixture('issue-update')), 'item.observed');
    expect(observed?.data.item).toMatchObject({ title: 'Foo bar baz', version: Date.parse('2020-01-24T09:00:00.000Z') });
  });

  it('removes a removed issue', () => {
    const events = normalizedLinearEvents(linearFixture('issue-remove'));
    expect(eventsOfType(events, 'item.removed')[0]?.data).toEqual({
      itemId: 'linear:issue:LIN-1778',
      platform: 'linear',
      kind: 'issue',
      version: Date.parse('2020-01-25T09:00:00.000Z'),
    });
  });

  it('names the missing field of an invalid issue', () => {
    const payload = linearFixture('issue-create');
    delete payload.data.identifier;
    expect(() => normalizedLinearEvents(payload)).toThrow(/data\.identifier is missing/);
  });
});

describe('linear comments', () => {
  it('observes the documented comment as a reply to the issue its URL names', () => {
    const events = normalizedLinearEvents(linearFixture('comment-create'));
    expect(eventsOfType(events, 'item.observed')[0]?.data.item).toMatchObject({
      id: 'linear:comment:2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9',
      kind: 'comment',
      title: 'Comment on LIN-1778',
      body: 'Indeed, I think this is definitely an improvement over the previous version.',
      parentId: 'linear:issue:LIN-1778',
      container: 'LIN',
      author: { platform: 'linear', externalId: 'aacdca22-6266-4c0a-ab3c-8fa70a26765c', handle: null },
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({
      itemId: 'linear:issue:LIN-1778',
      verb: 'commented',
      actor: ORBIT,
    });
    expect(eventsOfType(events, 'identity.observed')[0]?.data).toEqual({
      identity: ORBIT,
      name: 'Linear Orbit',
      email: 'orbit@linear.app',
      url: 'https://linear.app/company/profiles/orbit',
    });
  });

  it('skips a comment that is not on an issue', () => {
    const payload = linearFixture('comment-create');
    payload.url = 'https://linear.app/company/project/x/updates#comment-1';
    expect(normalizeLinearDelivery(linearTestDelivery(payload)).outcome).toBe('skipped');
  });
});

describe('linear projects', () => {
  it('observes a project with its description and content as text', () => {
    const [observed] = eventsOfType(normalizedLinearEvents(linearFixture('project-create')), 'item.observed');
    expect(observed?.data.item).toMatchObject({
      id: 'linear:project:9d1c6a3e-66c9-4d4f-9a55-2f5c3c1b6a01',
      kind: 'project',
      title: 'Faster issue nav',
      body: 'Make the issue nav load 10x faster\n\nTracks LIN-1778.',
      state: 'Planned',
    });
    expect(eventsOfType(normalizedLinearEvents(linearFixture('project-remove')), 'item.removed')).toHaveLength(1);
    expect(eventsOfType(normalizedLinearEvents(linearFixture('project-update')), 'activity.observed')[0]?.data.verb).toBe('updated');
  });
});

describe('linear issue relations', () => {
  it('states a blocks relation from the issue to the related issue', () => {
    const events = normalizedLinearEvents(linearFixture('issue-relation-create'));
    expect(events.map((event) => event.data)).toEqual([
      { from: 'linear:issue:LIN-1777', to: 'linear:issue:LIN-1778', edge: 'BLOCKS', removed: false },
    ]);
  });

  it('replaces the edge when the type changed', () => {
    const events = normalizedLinearEvents(linearFixture('issue-relation-update'));
    expect(events.map((event) => event.data)).toEqual([
      { from: 'linear:issue:LIN-1777', to: 'linear:issue:LIN-1778', edge: 'BLOCKS', removed: true },
      { from: 'linear:issue:LIN-1777', to: 'linear:issue:LIN-1778', edge: 'DUPLICATES', removed: false },
    ]);
  });

  it('removes the edge of a removed relation', () => {
    const [link] = eventsOfType(normalizedLinearEvents(linearFixture('issue-relation-remove')), 'link.observed');
    expect(link?.data).toMatchObject({ edge: 'BLOCKS', removed: true });
  });
});

describe('normalizeLinearDelivery', () => {
  it('skips an entity it does not normalise, naming it', () => {
    const payload = { ...linearFixture('comment-create'), type: 'Cycle' };
    expect(normalizeLinearDelivery(linearTestDelivery(payload))).toEqual({
      outcome: 'skipped',
      event: 'Cycle',
      action: 'create',
      reason: "linear 'Cycle' events are not normalised yet",
    });
  });

  it('rejects a body without the envelope', () => {
    expect(() => normalizeLinearDelivery(linearTestDelivery({ hello: 'world' }))).toThrow(/action is missing/);
  });
});
