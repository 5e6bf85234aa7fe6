import { createDb } from '@pipe/db';
import { notificationTroubles } from '@pipe/notify';
import type { CliConfig } from '../config.js';
import { databaseUrlFor } from '../stack-file.js';
import { resumeCommandFor } from './notify.js';

/** What `pipe status` reports about notifications: dead letters and paused rules, over every team. */
export interface NotificationStatus {
  deadLetters: number;
  pausedRules: { id: string; team: string; reason: string }[];
}

/**
 * The notifications' troubles for `pipe status`, read from Postgres. `pipe status` works from NATS
 * alone, so a database it cannot reach within two seconds (or one without the notifier's tables)
 * gives null and the status goes on without it.
 */
export async function notificationStatus(config: CliConfig): Promise<NotificationStatus | null> {
  const db = createDb({ url: databaseUrlFor(config), poolSize: 1, applicationName: 'pipe-cli' });
  try {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000).unref());
    return await Promise.race([notificationTroubles(db), timeout]);
  } catch {
    return null;
  } finally {
    void db.destroy().catch(() => undefined);
  }
}

/** The lines `pipe status` prints; none when nothing is wrong. */
export function describeNotificationStatus(status: NotificationStatus | null): string {
  if (status === null || (status.deadLetters === 0 && status.pausedRules.length === 0)) return '';
  const lines = [
    `notifications: ${status.deadLetters} dead letters, ${status.pausedRules.length} paused rules (see \`pipe notify list <team>\`)`,
  ];
  for (const rule of status.pausedRules)
    lines.push(`  paused ${rule.id} (${rule.team}): ${rule.reason} — once fixed: ${resumeCommandFor(rule.team, rule.id)}`);
  return `${lines.join('\n')}\n`;
}
