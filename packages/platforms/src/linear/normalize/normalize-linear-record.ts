import type { ItemSnapshot } from '@pipe/events';
import { z } from 'zod';
import { type IngestDelivery, type NormalizeResult, factsToEvents, parsePayload } from '../../kit/index.js';
import { REMOVED_RESOURCE, normalizeRemovedRecord } from '../../kit/synced-removal.js';
import { linearCommentId, linearIssueId } from '../ids.js';
import { linearIdentityRef, observedLinearIdentity } from './identity.js';
import { issueSnapshot } from './issue.js';
import { LinearComment, LinearIssue } from './linear-schemas.js';

const IssueRecord = z.object({ record: LinearIssue });
const CommentRecord = z.object({
  record: LinearComment.extend({ url: z.string().nullish() }),
  context: z.object({ issue: z.object({ identifier: z.string(), title: z.string() }) }),
});

/**
 * A `PIPE_RAW` record a Linear backfill wrote (GraphQL `Issue` and `Comment` nodes), as the
 * snapshots the `Issue` and `Comment` webhooks give, versioned by `updatedAt`; no activities.
 */
export function normalizeLinearRecord(delivery: IngestDelivery, resource: string): NormalizeResult {
  if (resource === REMOVED_RESOURCE) return normalizeRemovedRecord(delivery, 'linear');
  const what = `the linear ${resource} record of ${delivery.deliveryId}`;
  if (resource === 'issue') {
    const { record } = parsePayload(IssueRecord, delivery.payload, what);
    return events(delivery, issueSnapshot(record, record.url ?? null), record.creator ? [observedLinearIdentity(record.creator)] : []);
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
): NormalizeResult {
  return {
    outcome: 'events',
    events: factsToEvents(delivery, {
      occurredAt: snapshot.updatedAt ?? new Date(0).toISOString(),
      identities,
      items: [{ type: 'item.observed', data: { item: snapshot } }],
      activities: [],
    }),
  };
}
