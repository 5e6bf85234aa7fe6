import {
  type DeliveryFacts,
  type NormalizeResult,
  type SkippedDelivery,
  factsToEvents,
  parsePayload,
  skipDelivery,
  withContainer,
} from '../../kit/index.js';
import { normalizeCommentEvent } from './comment.js';
import type { JiraContext, JiraDelivery } from './jira-delivery.js';
import { JiraEnvelope } from './jira-schemas.js';
import { normalizeIssueLinkEvent } from './issue-link.js';
import { normalizeIssueEvent } from './issue.js';
import { jiraContainer } from './container.js';

type EventNormalizer = (delivery: JiraDelivery, event: string, context: JiraContext) => DeliveryFacts | SkippedDelivery;

// A Map, not an object literal: the event name comes from the body, and `constructor` must not
// find something on Object.prototype.
const NORMALIZERS: ReadonlyMap<string, EventNormalizer> = new Map<string, EventNormalizer>([
  ['jira:issue_created', normalizeIssueEvent],
  ['jira:issue_updated', normalizeIssueEvent],
  ['jira:issue_deleted', normalizeIssueEvent],
  ['comment_created', normalizeCommentEvent],
  ['comment_updated', normalizeCommentEvent],
  ['comment_deleted', normalizeCommentEvent],
  ['issuelink_created', normalizeIssueLinkEvent],
  ['issuelink_deleted', normalizeIssueLinkEvent],
]);

/**
 * Turns one verified Jira Cloud webhook delivery into canonical events. Pure: the same delivery
 * and context always give the same events apart from their envelope ids. Events Pipe does not
 * normalise yet (worklogs, sprints, versions…) come back skipped with a reason; a supported event
 * missing a field throws `IngestError('INVALID_PAYLOAD')` naming it.
 *
 * Every delivery that carries an issue also observes the issue's project (see `withContainer`),
 * thinly, so the `PART_OF` of the issue and its comments lands on an item.
 */
export function normalizeJiraDelivery(delivery: JiraDelivery, context: JiraContext = { issueKeys: new Map() }): NormalizeResult {
  const { webhookEvent } = parsePayload(JiraEnvelope, delivery.payload, `the jira body of delivery ${delivery.deliveryId}`);
  const normalize = NORMALIZERS.get(webhookEvent);
  if (!normalize) return skipDelivery(webhookEvent, null, `jira event '${webhookEvent}' is not normalised yet`);
  const result = normalize(delivery, webhookEvent, context);
  if ('outcome' in result) return result;
  return { outcome: 'events', events: factsToEvents(delivery, withContainer(result, jiraContainer(delivery.payload))) };
}
