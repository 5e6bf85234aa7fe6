import { readFileSync } from 'node:fs';
import { PipeEvent, type PipeEventType } from '@pipe/events';
import type { LinearDelivery } from '../normalize/linear-delivery.js';
import { normalizeLinearDelivery } from '../normalize/normalize-linear-delivery.js';

/** The fixtures in `../normalize/fixtures` (see its README for where each comes from). */
export type LinearFixture =
  | 'comment-create'
  | 'issue-create'
  | 'issue-update'
  | 'issue-remove'
  | 'project-create'
  | 'project-update'
  | 'project-remove'
  | 'issue-relation-create'
  | 'issue-relation-update'
  | 'issue-relation-remove';

/** A fresh copy of a Linear payload, which a test may modify. */
export function linearFixture(name: LinearFixture): any {
  return JSON.parse(readFileSync(new URL(`../normalize/fixtures/${name}.json`, import.meta.url), 'utf8'));
}

/** The `Linear-Delivery` of Linear's documented headers. */
export const TEST_DELIVERY_ID = '234d1a4e-b617-4388-90fe-adc3633d6b72';

/** A delivery of `payload` for team `acme`, as the kit hands it to the normaliser. */
export function linearTestDelivery(payload: unknown): LinearDelivery {
  return { team: 'acme', platform: 'linear', deliveryId: TEST_DELIVERY_ID, receivedAt: '2024-06-01T12:00:00.000Z', payload };
}

/** Normalises a delivery that must yield events, validating each against the canonical schema. */
export function normalizedLinearEvents(payload: unknown): PipeEvent[] {
  const result = normalizeLinearDelivery(linearTestDelivery(payload));
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event));
}

/** The events of one type, typed as that type. */
export function eventsOfType<Type extends PipeEventType>(events: readonly PipeEvent[], type: Type): Extract<PipeEvent, { type: Type }>[] {
  return events.filter((event): event is Extract<PipeEvent, { type: Type }> => event.type === type);
}
