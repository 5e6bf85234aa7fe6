import type { ItemSnapshot } from '@pipe/events';
import { z } from 'zod';
import { type DeliveryFacts, type IngestDelivery, type NormalizeResult, factsToEvents, parsePayload } from '../../kit/index.js';
import { REMOVED_RESOURCE, normalizeRemovedRecord } from '../../kit/synced-removal.js';
import { linearCommentId, linearIssueId } from '../ids.js';
import { linearIdentityRef, observedLinearIdentity } from './identity.js';
import { issueSnapshot } from './issue.js';
import { relationLink } from './issue-relation.js';
import { LinearComment, LinearIssue, LinearIssueRelation, LinearProject } from './linear-schemas.js';
import { projectSnapshot } from './project.js';

const Relations = z.object({ nodes: z.array(LinearIssueRelation) }).nullish();
const IssueRecord = z.object({ record: LinearIssue.extend({ relations: Relations, inverseRelations: Relations }) });
const ProjectRecord = z.object({ record: LinearProject });
const CommentRecord = z.object({
  record: LinearComment.extend({ url: z.string().nullish() }),
  context: z.object({ issue: z.object({ identifier: z.string(), title: z.string() }) }),
});

/**
 * A `PIPE_RAW` record a Linear backfill wrote (GraphQL `Issue`, `Comment` and `Project` nodes), as the
 * snapshots the `Issue`, `Comment` and `Project` webhooks give, versioned by `updatedAt`; an issue's
 * relations (both ways) as the links the `IssueRelation` webhook gives; no activities.
 */
export function normalizeLinearRecord(delivery: IngestDelivery, resource: string): NormalizeResult {
  if (resource === REMOVED_RESOURCE) return normalizeRemovedRecord(delivery, 'linear');
  const what = `the linear ${resource} record of ${delivery.deliveryId}`;
  if (resource === 'issue') {
    const { record } = parsePayload(IssueRecord, delivery.payload, what);
    const links = [...(record.relations?.nodes ?? []), ...(record.inverseRelations?.nodes ?? [])].flatMap((relation) => {
      const link = relationLink(relation);
      return link ? [link] : [];
    });
    return events(
      delivery,
      issueSnapshot(record, record.url ?? null),
      record.creator ? [observedLinearIdentity(record.creator)] : [],
      links,
    );
  }
  if (resource === 'project') {
    const { record } = parsePayload(ProjectRecord, delivery.payload, what);
    return events(delivery, projectSnapshot(record, null), record.lead ? [observedLinearIdentity(record.lead)] : []);
  }
  if (resource === 'comment') {
    const { record, context } = parsePayload(CommentRecord, delivery.payload, what);
    const identifier = context.issue.identifier;
    const snapshot: ItemSnapshot = {
      id: linearCommentId(record.id),
      platform: 'linear',
      kind: 'comment',
      title: `Comment on ${identifier}: ${context.issue.title}`,
      titleComposed: true,
      body: record.body,
      url: record.url ?? null,
      state: null,
      container: identifier.slice(0, identifier.lastIndexOf('-')),
      parentId: linearIssueId(identifier),
      author: record.user ? linearIdentityRef(record.user) : null,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
      version: Date.parse(record.updatedAt),
    };
    return events(delivery, snapshot, record.user ? [observedLinearIdentity(record.user)] : []);
  }
  return { outcome: 'skipped', event: resource, action: null, reason: `linear API resource '${resource}' is not normalised` };
}

function events(
  delivery: IngestDelivery,
  snapshot: ItemSnapshot,
  identities: ReturnType<typeof observedLinearIdentity>[],
  links: NonNullable<DeliveryFacts['links']> = [],
): NormalizeResult {
  return {
    outcome: 'events',
    events: factsToEvents(delivery, {
      occurredAt: snapshot.updatedAt ?? new Date(0).toISOString(),
      identities,
      items: [{ type: 'item.observed', data: { item: snapshot } }],
      links,
      activities: [],
    }),
  };
}
