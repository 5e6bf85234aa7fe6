import type { IngestDelivery } from '../../kit/index.js';

/**
 * What a Jira normaliser needs besides the delivery: the issue keys Pipe learnt earlier, by
 * Jira's numeric issue id. `issuelink_*` bodies name the two issues by numeric id only, while
 * Pipe's item ids use the key (`jira:issue:ACME-12`), which every issue and comment delivery
 * carries next to the id.
 */
export interface JiraContext {
  issueKeys: ReadonlyMap<string, string>;
}

/** A verified Jira delivery as the kit hands it over. */
export type JiraDelivery = Pick<IngestDelivery, 'team' | 'platform' | 'deliveryId' | 'receivedAt' | 'payload'>;

/** Describes a delivery in error messages: `the jira 'comment_created' body of delivery <id>`. */
export const describeDelivery = (delivery: JiraDelivery, event: string): string =>
  `the jira '${event}' body of delivery ${delivery.deliveryId}`;
