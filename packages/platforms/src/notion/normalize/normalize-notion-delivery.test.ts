import { describe, expect, it } from 'vitest';
import { normalizeNotionDelivery } from './normalize-notion-delivery.js';
import { eventsOfType, type NotionFixture, normalizedNotionEvents, notionFixture, notionTestDelivery } from '../testing/notion-fixtures.js';

const AUTHOR = { platform: 'notion', externalId: 'c7c11cca-1d73-471d-9b6e-bdef51470190', handle: null };
const WORKSPACE = '13950b26-c203-4f3b-b97d-93ec06319565';

describe('notion pages', () => {
  it('observes a created page with what the event carries: id, parent, workspace, time', () => {
    const events = normalizedNotionEvents(notionFixture('page.created'));
    // The second item is the workspace that holds it (container.test.ts).
    expect(events.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    expect(eventsOfType(events, 'item.observed')[0]?.data.item).toEqual({
      id: 'notion:page:153104cd-477e-809d-8dc4-ff2d96ae3090',
      platform: 'notion',
      kind: 'page',
      title: '',
      body: '',
      url: 'https://www.notion.so/153104cd477e809d8dc4ff2d96ae3090',
      state: null,
      container: WORKSPACE,
      parentId: 'notion:page:0ef104cd-477e-80e1-8571-cfd10e92339a',
      author: AUTHOR,
      createdAt: '2024-12-05T23:55:34.285Z',
      updatedAt: '2024-12-05T23:55:34.285Z',
      version: Date.parse('2024-12-05T23:55:34.285Z'),
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({
      verb: 'created',
      actor: AUTHOR,
      activityId: 'notion:367cba44-b6f3-4c92-81e7-6a2e9659efd4:0',
    });
  });

  it.each(['page.content_updated', 'page.properties_updated', 'page.moved', 'page.undeleted'] as NotionFixture[])(
    'observes %s as a newer snapshot',
    (name) => {
      const payload = notionFixture(name);
      const [observed] = eventsOfType(normalizedNotionEvents(payload), 'item.observed');
      expect(observed?.data.item).toMatchObject({
        id: `notion:page:${payload.entity.id}`,
        version: Date.parse(payload.timestamp),
        author: null,
      });
    },
  );

  it('removes a deleted page', () => {
    const [removed] = eventsOfType(normalizedNotionEvents(notionFixture('page.deleted')), 'item.removed');
    expect(removed?.data).toEqual({
      itemId: 'notion:page:153104cd-477e-8001-935c-c4b11828dfbd',
      platform: 'notion',
      kind: 'page',
      version: Date.parse('2024-12-05T23:59:31.215Z'),
    });
  });

  it('skips an event type it does not normalise (page.locked)', () => {
    expect(normalizeNotionDelivery(notionTestDelivery(notionFixture('page.locked')))).toEqual({
      outcome: 'skipped',
      event: 'page.locked',
      action: 'locked',
      reason: "notion 'page.locked' events are not normalised yet",
    });
  });
});

describe('notion databases', () => {
  it.each(['database.created', 'database.content_updated', 'database.schema_updated'] as NotionFixture[])(
    'observes %s as a database (its id keeps the notion:document: form)',
    (name) => {
      const payload = notionFixture(name);
      expect(eventsOfType(normalizedNotionEvents(payload), 'item.observed')[0]?.data.item).toMatchObject({
        id: `notion:document:${payload.entity.id}`,
        kind: 'database',
      });
    },
  );

  it('removes a deleted database', () => {
    expect(eventsOfType(normalizedNotionEvents(notionFixture('database.deleted')), 'item.removed')[0]?.data.itemId).toBe(
      'notion:document:153104cd-477e-80eb-ae76-e1c2a32c7b35',
    );
  });
});

describe('notion comments', () => {
  it('observes a created comment as a reply to its page, commented on the page', () => {
    const events = normalizedNotionEvents(notionFixture('comment.created'));
    expect(eventsOfType(events, 'item.observed')[0]?.data.item).toMatchObject({
      id: 'notion:comment:153104cd-477e-80ca-8f75-001d9e2b6839',
      kind: 'comment',
      parentId: 'notion:page:0ef104cd-477e-80e1-8571-cfd10e92339a',
      url: null,
    });
    expect(eventsOfType(events, 'activity.observed')[0]?.data).toMatchObject({
      itemId: 'notion:page:0ef104cd-477e-80e1-8571-cfd10e92339a',
      verb: 'commented',
    });
  });

  it('observes an updated comment and removes a deleted one', () => {
    expect(
      eventsOfType(normalizedNotionEvents(notionFixture('comment.updated')), 'item.observed').map((event) => event.data.item.kind),
    ).toEqual(['comment', 'space']);
    expect(eventsOfType(normalizedNotionEvents(notionFixture('comment.deleted')), 'item.removed')[0]?.data.itemId).toBe(
      'notion:comment:153104cd-477e-8071-b16a-001d9a35ad84',
    );
  });
});

it('names the missing field of an event without an entity', () => {
  const payload = notionFixture('page.created');
  delete payload.entity;
  expect(() => normalizeNotionDelivery(notionTestDelivery(payload))).toThrow(/entity is missing/);
});
