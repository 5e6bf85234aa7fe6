import type { GithubDelivery } from '../normalize/github-delivery.js';

/** The delivery id GitHub's documentation uses in its examples. */
export const TEST_DELIVERY_ID = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

/** When the test deliveries arrive: later than every example payload's own times. */
export const TEST_RECEIVED_AT = '2024-06-01T12:00:00.000Z';

/** A delivery of `payload` as the HTTP layer would hand it over, for team `acme`. */
export function githubTestDelivery(event: string, payload: unknown, overrides: Partial<GithubDelivery> = {}): GithubDelivery {
  return { team: 'acme', event, deliveryId: TEST_DELIVERY_ID, receivedAt: TEST_RECEIVED_AT, payload, ...overrides };
}
