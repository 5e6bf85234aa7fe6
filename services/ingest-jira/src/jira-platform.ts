import { IngestError, type IngestPlatform, type IngestResources, headerValue } from '@pipe/ingest-kit';
import { type IssueKeyDirectory, dbIssueKeyDirectory } from './issue-key-directory.js';
import { issueKeysIn, normalizeJiraDelivery } from './normalize/index.js';
import { verifyJiraSignature } from './verify-signature.js';

const LINK_EVENTS = new Set(['issuelink_created', 'issuelink_deleted']);

/**
 * Jira Cloud on the ingest kit: `X-Hub-Signature` verification, `X-Atlassian-Webhook-Identifier`
 * as the delivery id (kept across Jira's retries), and the normaliser. Issue keys are learnt from
 * every delivery that states them, so later issue-link deliveries (numeric ids only) resolve.
 */
export function jiraPlatform(directory: IssueKeyDirectory): IngestPlatform {
  return {
    platform: 'jira',
    contentTypeHint: 'Jira Cloud webhooks always send application/json; check the URL points at a Jira webhook',
    rawHeaders: ['x-atlassian-webhook-identifier', 'x-atlassian-webhook-flow', 'x-atlassian-webhook-retry'],
    verify: verifyJiraSignature,
    deliveryId({ headers }) {
      const id = headerValue(headers, 'x-atlassian-webhook-identifier');
      if (!id) throw new IngestError('MISSING_HEADER', 'X-Atlassian-Webhook-Identifier is missing: deliveries must come from a Jira Cloud webhook');
      return id;
    },
    async normalize(delivery) {
      const event = (delivery.payload as { webhookEvent?: unknown } | null)?.webhookEvent;
      const link = (delivery.payload as { issueLink?: { sourceIssueId?: unknown; destinationIssueId?: unknown } } | null)?.issueLink;
      const ids = typeof event === 'string' && LINK_EVENTS.has(event) && link ? [link.sourceIssueId, link.destinationIssueId].map(String) : [];
      const issueKeys = await directory.keysFor(delivery.team, ids);
      const result = normalizeJiraDelivery(delivery, { issueKeys });
      // Only after normalising: a body the normaliser rejects teaches nothing.
      await directory.remember(delivery.team, issueKeysIn(delivery.payload));
      return result;
    },
  };
}

/** The platform over the service's Postgres (what `runIngestService` and the tests build). */
export const jiraPlatformFor = (resources: Pick<IngestResources, 'db'>): IngestPlatform => jiraPlatform(dbIssueKeyDirectory(resources.db));
