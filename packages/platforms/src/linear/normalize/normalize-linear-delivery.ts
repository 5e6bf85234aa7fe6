import {
  type DeliveryFacts,
  type NormalizeResult,
  type SkippedDelivery,
  factsToEvents,
  parsePayload,
  skipDelivery,
  withContainer,
} from '../../kit/index.js';
import { linearContainers } from './container.js';
import { normalizeComment } from './comment.js';
import { normalizeIssueRelation } from './issue-relation.js';
import { normalizeIssue } from './issue.js';
import type { LinearDelivery, LinearEvent } from './linear-delivery.js';
import { LinearEnvelope } from './linear-schemas.js';
import { normalizeProject } from './project.js';

type EntityNormalizer = (delivery: LinearDelivery, event: LinearEvent) => DeliveryFacts | SkippedDelivery;

// A Map: the type comes from the body, and `constructor` must not find Object.prototype's.
const NORMALIZERS: ReadonlyMap<string, EntityNormalizer> = new Map<string, EntityNormalizer>([
  ['Issue', normalizeIssue],
  ['Comment', normalizeComment],
  ['Project', normalizeProject],
  ['IssueRelation', normalizeIssueRelation],
]);

const ACTIONS = new Set(['create', 'update', 'remove']);

/**
 * Turns one verified Linear webhook delivery into canonical events. Pure. Entity types and
 * actions Pipe does not normalise yet (labels, cycles, reactions, SLA events…) come back skipped
 * with a reason; a supported entity missing a field throws `IngestError('INVALID_PAYLOAD')`.
 *
 * Every issue and comment delivery also observes its team (and an issue's project) as a thin item
 * (see `withContainer`), so the `PART_OF` of what it carries lands on an item.
 */
export function normalizeLinearDelivery(delivery: LinearDelivery): NormalizeResult {
  const event = parsePayload(LinearEnvelope, delivery.payload, `the linear body of delivery ${delivery.deliveryId}`);
  const normalize = NORMALIZERS.get(event.type);
  if (!normalize) return skipDelivery(event.type, event.action, `linear '${event.type}' events are not normalised yet`);
  if (!ACTIONS.has(event.action))
    return skipDelivery(event.type, event.action, `linear '${event.type}' action '${event.action}' is not normalised yet`);
  const result = normalize(delivery, event);
  if ('outcome' in result) return result;
  const facts = linearContainers(event, delivery.payload).reduce(withContainer, result);
  return { outcome: 'events', events: factsToEvents(delivery, facts) };
}
