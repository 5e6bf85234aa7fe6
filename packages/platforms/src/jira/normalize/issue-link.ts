import { type DeliveryFacts, type SkippedDelivery, parsePayload, skipDelivery } from '../../kit/index.js';
import { z } from 'zod';
import { type JiraContext, type JiraDelivery, describeDelivery } from './jira-delivery.js';
import { JiraIssueLinkEntity } from './jira-schemas.js';
import { jiraIssueId } from './issue.js';
import { jiraLinkEdge } from './link-type.js';

const IssueLinkPayload = z.looseObject({
  timestamp: z.number().int().nonnegative(),
  issueLink: JiraIssueLinkEntity,
});

/**
 * `issuelink_created` / `issuelink_deleted` → `link.observed` from the source (outward) issue to
 * the destination, `removed` on deletion. The body names both issues by numeric id only; their
 * keys come from `context.issueKeys` (learnt from earlier issue and comment deliveries). When a
 * key is unknown the delivery is skipped with that reason — it is still kept in `PIPE_RAW`, and
 * the link also arrives with the issues' own snapshots (`fields.issuelinks`).
 */
export function normalizeIssueLinkEvent(delivery: JiraDelivery, event: string, context: JiraContext): DeliveryFacts | SkippedDelivery {
  const { timestamp, issueLink } = parsePayload(IssueLinkPayload, delivery.payload, describeDelivery(delivery, event));
  const sourceId = String(issueLink.sourceIssueId);
  const destinationId = String(issueLink.destinationIssueId);
  const source = context.issueKeys.get(sourceId);
  const destination = context.issueKeys.get(destinationId);
  if (!source || !destination) {
    const unknown = [source ? null : sourceId, destination ? null : destinationId].filter(Boolean).join(' and ');
    return skipDelivery(
      event,
      null,
      `jira issue ${unknown} not seen yet, so the link's issue keys are unknown; the link is recorded when the issues' own webhooks arrive`,
    );
  }
  return {
    occurredAt: new Date(timestamp).toISOString(),
    identities: [],
    items: [],
    links: [
      {
        from: jiraIssueId(source),
        to: jiraIssueId(destination),
        edge: jiraLinkEdge(issueLink.issueLinkType.name),
        removed: event === 'issuelink_deleted',
      },
    ],
    activities: [],
  };
}
