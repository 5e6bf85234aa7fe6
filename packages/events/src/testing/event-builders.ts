import { createEvent, type EventOrigin } from '../create-event.js';
import type { ActivityObserved, ItemObserved, ItemRemoved, ItemSnapshot, PipeEvent } from '../envelope.js';

let deliveries = 0;

/** An origin for a test event: a fresh delivery id, now as the time. */
export function testOrigin(team = 'acme', platform: EventOrigin['source']['platform'] = 'github'): EventOrigin {
  const now = new Date().toISOString();
  deliveries += 1;
  return { team, source: { platform, deliveryId: `test-delivery-${deliveries}`, receivedAt: now }, occurredAt: now };
}

/** A GitHub issue snapshot with sensible defaults; override what the test is about. */
export function githubIssueSnapshot(repo: string, number: number, overrides: Partial<ItemSnapshot> = {}): ItemSnapshot {
  return {
    id: `github:issue:${repo}#${number}`,
    platform: 'github',
    kind: 'issue',
    title: `Issue ${number}`,
    body: '',
    url: `https://github.com/${repo}/issues/${number}`,
    state: 'open',
    container: repo,
    parentId: null,
    author: { platform: 'github', externalId: '1', handle: 'octocat' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** `item.observed` for a snapshot. */
export const itemObserved = (item: ItemSnapshot, team = 'acme'): PipeEvent =>
  createEvent<ItemObserved>(testOrigin(team, item.platform), { type: 'item.observed', data: { item } });

/** `item.removed` for an item at a version. */
export const itemRemoved = (item: Pick<ItemSnapshot, 'id' | 'platform' | 'kind'>, version: number, team = 'acme'): PipeEvent =>
  createEvent<ItemRemoved>(testOrigin(team, item.platform), {
    type: 'item.removed',
    data: { itemId: item.id, platform: item.platform, kind: item.kind, version },
  });

/** `activity.observed` on an item. */
export const activityObserved = (itemId: string, verb: string, activityId: string, team = 'acme'): PipeEvent =>
  createEvent<ActivityObserved>(testOrigin(team), {
    type: 'activity.observed',
    data: { activityId, itemId, verb, actor: null, summary: `${verb} ${itemId}` },
  });
