import type { Notification } from '../notification.js';

/**
 * The generic webhook's JSON body: the notification as data, versioned by `type`. Receivers verify
 * it with the `Pipe-Signature` header (see signature.ts and docs/notifications.md).
 */
export function webhookBody(notification: Notification): Record<string, unknown> {
  return {
    type: 'pipe.notification.v1',
    id: notification.id,
    team: notification.team,
    digest: notification.digest,
    total: notification.total,
    items: notification.items,
  };
}
