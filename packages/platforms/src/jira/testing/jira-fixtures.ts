import { readFileSync } from 'node:fs';
import { PipeEvent, type PipeEventType } from '@pipe/events';
import type { JiraContext, JiraDelivery } from '../normalize/jira-delivery.js';
import { normalizeJiraDelivery } from '../normalize/normalize-jira-delivery.js';

/** The fixtures in `../fixtures` (see its README for where each comes from). */
export type JiraFixture =
  | 'issue-created'
  | 'issue-updated'
  | 'issue-deleted'
  | 'comment-created'
  | 'comment-updated'
  | 'comment-deleted'
  | 'issuelink-created'
  | 'issuelink-deleted';

/** A fresh copy of a documented Jira payload, which a test may modify. */
export function jiraFixture(name: JiraFixture): any {
  return JSON.parse(readFileSync(new URL(`../normalize/fixtures/${name}.json`, import.meta.url), 'utf8'));
}

/** The delivery id tests use (the `X-Atlassian-Webhook-Identifier`). */
export const TEST_DELIVERY_ID = '9e9e3c9c-0f8f-4b8a-a3b1-4c0c2c1e7d01';

/** A delivery of `payload` for team `acme`, as the kit hands it to the normaliser. */
export function jiraTestDelivery(payload: unknown): JiraDelivery {
  return { team: 'acme', platform: 'jira', deliveryId: TEST_DELIVERY_ID, receivedAt: '2024-06-01T12:00:00.000Z', payload };
}

/** Normalises a delivery that must yield events, validating each against the canonical schema. */
export function normalizedJiraEvents(payload: unknown, context?: JiraContext): PipeEvent[] {
  const result = normalizeJiraDelivery(jiraTestDelivery(payload), context);
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event));
}

/** The events of one type, typed as that type. */
export function eventsOfType<Type extends PipeEventType>(events: readonly PipeEvent[], type: Type): Extract<PipeEvent, { type: Type }>[] {
  return events.filter((event): event is Extract<PipeEvent, { type: Type }> => event.type === type);
}
