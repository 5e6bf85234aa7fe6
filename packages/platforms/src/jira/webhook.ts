import { IngestError, type IngestPlatform, headerValue } from '../kit/index.js';
import { type JiraContext, issueKeysIn, normalizeJiraDelivery } from './normalize/index.js';
import { normalizeJiraRecord } from './normalize/normalize-jira-record.js';
import { SYNC_RESOURCE_HEADER } from '../kit/platform-api.js';
import { verifyJiraSignature } from './verify-signature.js';

const LINK_EVENTS = new Set(['issuelink_created', 'issuelink_deleted']);

/**
 * Jira Cloud's webhooks: `X-Hub-Signature` verification, `X-Atlassian-Webhook-Identifier` as the
 * delivery id (kept across Jira's retries), and the pure normaliser. Issue keys are learnt from
 * every stored delivery that states them (`afterStore`), so later issue-link deliveries (numeric
 * ids only) resolve: `enrich` looks their keys up before normalising.
 */
export const jiraIngest: IngestPlatform<JiraContext> = {
  platform: 'jira',
  contentTypeHint: 'Jira Cloud webhooks always send application/json; check the URL points at a Jira webhook',
  rawHeaders: ['x-atlassian-webhook-identifier', 'x-atlassian-webhook-flow', 'x-atlassian-webhook-retry'],
  verify: verifyJiraSignature,
  deliveryId({ headers }) {
    const id = headerValue(headers, 'x-atlassian-webhook-identifier');
    if (!id)
      throw new IngestError('MISSING_HEADER', 'X-Atlassian-Webhook-Identifier is missing: deliveries must come from a Jira Cloud webhook');
    return id;
  },
  async enrich(delivery, io) {
    const event = (delivery.payload as { webhookEvent?: unknown } | null)?.webhookEvent;
    const link = (delivery.payload as { issueLink?: { sourceIssueId?: unknown; destinationIssueId?: unknown } } | null)?.issueLink;
    const ids =
      typeof event === 'string' && LINK_EVENTS.has(event) && link ? [link.sourceIssueId, link.destinationIssueId].map(String) : [];
    return { issueKeys: await io.issueKeys.keysFor(delivery.team, ids) };
  },
  normalize: (delivery, context) => {
    // A record a backfill read from the REST API (services/sync), live or re-run from PIPE_RAW.
    const resource = delivery.headers[SYNC_RESOURCE_HEADER];
    return resource ? normalizeJiraRecord(delivery, resource) : normalizeJiraDelivery(delivery, context);
  },
  async afterStore(delivery, _result, io) {
    // Only once normalised and stored: a body the normaliser rejects teaches nothing.
    await io.issueKeys.remember(delivery.team, issueKeysIn(delivery.payload));
  },
};
