import type { EdgeType, LinkObserved } from '@pipe/events';
import { type DeliveryFacts, type SkippedDelivery, parsePayload, skipDelivery } from '../../kit/index.js';
import { z } from 'zod';
import { linearIssueId } from './issue.js';
import { type LinearDelivery, type LinearEvent, describeDelivery } from './linear-delivery.js';
import { LinearIssueRelation } from './linear-schemas.js';

const RelationPayload = z.looseObject({ data: LinearIssueRelation });

/** Linear's relation types (`blocks`, `duplicate`, `related`, `similar`) as edges. */
export function linearRelationEdge(type: string): EdgeType {
  if (type === 'blocks') return 'BLOCKS';
  if (type === 'duplicate') return 'DUPLICATES';
  return 'RELATES_TO';
}

/**
 * The edge a relation states, from `issue` to `relatedIssue` ("issue blocks relatedIssue"), or
 * null when it does not name both by identifier.
 */
export function relationLink(relation: LinearIssueRelation, removed = false): LinkObserved['data'] | null {
  if (!relation.issue || !relation.relatedIssue) return null;
  return {
    from: linearIssueId(relation.issue.identifier),
    to: linearIssueId(relation.relatedIssue.identifier),
    edge: linearRelationEdge(relation.type),
    removed,
  };
}

/**
 * An `IssueRelation` create/update/remove → `link.observed` from `issue` to `relatedIssue` (the
 * relation reads "issue blocks relatedIssue"). An update that changed the type also removes the
 * edge of the previous type (`updatedFrom.type`); a remove removes the edge.
 */
export function normalizeIssueRelation(delivery: LinearDelivery, event: LinearEvent): DeliveryFacts | SkippedDelivery {
  const { data: relation } = parsePayload(RelationPayload, delivery.payload, describeDelivery(delivery, 'IssueRelation'));
  const link = relationLink(relation, event.action === 'remove');
  if (!link) return skipDelivery('IssueRelation', event.action, 'the linear relation does not name both issues by identifier');
  const links: NonNullable<DeliveryFacts['links']> = [];
  const previousType = event.updatedFrom?.type;
  if (event.action === 'update' && typeof previousType === 'string' && linearRelationEdge(previousType) !== link.edge) {
    links.push({ ...link, edge: linearRelationEdge(previousType), removed: true });
  }
  links.push(link);
  return { occurredAt: new Date(event.createdAt).toISOString(), identities: [], items: [], links, activities: [] };
}
