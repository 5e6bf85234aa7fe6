import { readFileSync } from 'node:fs';
import { PipeEvent, type PipeEventType } from '@pipe/events';
import { normalizeNotionDelivery } from '../normalize/normalize-notion-delivery.js';
import type { NotionDelivery } from '../normalize/notion-delivery.js';

/** A fixture in `../fixtures` by its event type (`page.created`) or `verification`. */
export type NotionFixture =
  | 'verification'
  | 'page.created'
  | 'page.content_updated'
  | 'page.properties_updated'
  | 'page.moved'
  | 'page.deleted'
  | 'page.undeleted'
  | 'page.locked'
  | 'database.created'
  | 'database.content_updated'
  | 'database.deleted'
  | 'database.schema_updated'
  | 'comment.created'
  | 'comment.updated'
  | 'comment.deleted';

/** A fresh copy of a documented Notion payload, which a test may modify. */
export function notionFixture(name: NotionFixture): any {
  const file = name.replaceAll('.', '-').replaceAll('_', '-');
  return JSON.parse(readFileSync(new URL(`../normalize/fixtures/${file}.json`, import.meta.url), 'utf8'));
}

/** A delivery of `payload` for team `acme`; its id is the event's, as the service takes it. */
export function notionTestDelivery(payload: { id?: string }): NotionDelivery {
  return { team: 'acme', platform: 'notion', deliveryId: payload.id ?? 'test', receivedAt: '2024-12-07T00:00:00.000Z', payload };
}

/** Normalises a delivery that must yield events, validating each against the canonical schema. */
export function normalizedNotionEvents(payload: { id?: string }): PipeEvent[] {
  const result = normalizeNotionDelivery(notionTestDelivery(payload));
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event));
}

/** The events of one type, typed as that type. */
export function eventsOfType<Type extends PipeEventType>(events: readonly PipeEvent[], type: Type): Extract<PipeEvent, { type: Type }>[] {
  return events.filter((event): event is Extract<PipeEvent, { type: Type }> => event.type === type);
}
