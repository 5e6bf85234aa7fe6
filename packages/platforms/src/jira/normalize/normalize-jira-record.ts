import { z } from 'zod';
import { type IngestDelivery, type NormalizeResult, type ObservedIdentity, factsToEvents, parsePayload } from '../../kit/index.js';
import { REMOVED_RESOURCE, normalizeRemovedRecord } from '../../kit/synced-removal.js';
import { commentSnapshot } from './comment.js';
import { observedJiraIdentity } from './identity.js';
import { issueLinks, issueSnapshot } from './issue.js';
import { JiraComment, JiraIssue } from './jira-schemas.js';

const IssueRecord = z.object({ record: JiraIssue });
const CommentRecord = z.object({ record: JiraComment, context: z.object({ issue: JiraIssue }) });

/**
 * A `PIPE_RAW` record a Jira backfill wrote (`search/jql` issues and their comments), as the
 * snapshots the `jira:issue_*` and `comment_*` webhooks give, versioned by `updated`, with the links an
 * issue's `fields.issuelinks` states (as `jira:issue_updated` draws them); no activities.
 */
export function normalizeJiraRecord(delivery: IngestDelivery, resource: string): NormalizeResult {
  if (resource === REMOVED_RESOURCE) return normalizeRemovedRecord(delivery, 'jira');
  const what = `the jira ${resource} record of ${delivery.deliveryId}`;
  if (resource === 'issue') {
    const { record } = parsePayload(IssueRecord, delivery.payload, what);
    const people = [record.fields.reporter, record.fields.creator]
      .filter((person) => person != null)
      .map((person) => observedJiraIdentity(person));
    return events(delivery, issueSnapshot(record, 0), people, issueLinks(record));
  }
  if (resource === 'comment') {
    const { record, context } = parsePayload(CommentRecord, delivery.payload, what);
    return events(delivery, commentSnapshot(context.issue, record, 0), record.author ? [observedJiraIdentity(record.author)] : []);
  }
  return { outcome: 'skipped', event: resource, action: null, reason: `jira API resource '${resource}' is not normalised` };
}

function events(
  delivery: IngestDelivery,
  snapshot: ReturnType<typeof issueSnapshot>,
  identities: ObservedIdentity[],
  links: ReturnType<typeof issueLinks> = [],
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
