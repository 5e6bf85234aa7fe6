import { readLiveLease } from '@pipe/bus';
import { type InstanceReport, discoverInstances } from '@pipe/telemetry';
import type { CliCommand } from '../command.js';
import { natsUrlFor, withBus } from '../connect-stack.js';
import { positiveInteger } from '../option-values.js';
import { describeNotificationStatus, notificationStatus } from './notify-status.js';
import { describeSyncStatus, syncStatus } from './status-sync.js';

/**
 * `pipe status`: every running instance of every service of this namespace, found over NATS
 * (micro-service discovery, `$SRV.STATS`), so it works from any machine on the same NATS. Exit
 * code 0 when every instance is ok, 1 when one is not or none answered.
 */
export const statusCommand: CliCommand = {
  words: ['status'],
  usage: '[--json] [--wait <ms>]',
  summary: 'list every running service instance with its health, lag and throughput (discovered over NATS), and the sync jobs',
  options: {
    json: { type: 'boolean', default: false, description: "print every instance's report as JSON" },
    wait: {
      type: 'string',
      value: 'ms',
      default: '2000',
      parse: positiveInteger,
      description: 'how long to wait for instances to answer, in milliseconds',
    },
  },
  examples: [
    { command: 'pipe status', does: 'a table of every running instance; exit 1 when one is not ok' },
    { command: 'pipe status --wait 5000 --json', does: 'wait 5 s for answers (a busy machine), print JSON' },
  ],
  run: ({ config, values, out }) =>
    withBus(config, async (bus, names) => {
      const instances = await discoverInstances(bus.nc, { namespace: config.PIPE_NAMESPACE, maxWaitMs: Number(values.wait) });
      const healthy = instances.length > 0 && instances.every((instance) => instance.status?.health === 'ok');
      const notifications = await notificationStatus(config);
      const sync = await syncStatus(config, (team, platform) => readLiveLease(bus.jsm, names, team, platform));
      if (values.json) {
        out.stdout.write(
          `${JSON.stringify({ namespace: config.PIPE_NAMESPACE, nats: natsUrlFor(config), healthy, instances, ...(notifications ? { notifications } : {}), sync }, null, 2)}\n`,
        );
        return healthy ? 0 : 1;
      }
      if (instances.length === 0) {
        const where = config.PIPE_NAMESPACE ? `namespace '${config.PIPE_NAMESPACE}'` : 'the default namespace';
        out.stdout.write(
          `no Pipe service answered on ${natsUrlFor(config)} (${where}); start the stack with \`pipe up\`\n${describeNotificationStatus(notifications)}`,
        );
        out.stdout.write(describeSyncStatus(sync));
        return 1;
      }
      out.stdout.write(formatTable(instances) + describeNotificationStatus(notifications));
      out.stdout.write(describeSyncStatus(sync));
      return healthy ? 0 : 1;
    }),
};

function formatTable(instances: InstanceReport[]): string {
  const rows = [
    ['SERVICE', 'INSTANCE', 'HOST', 'HEALTH', 'LAG', 'THROUGHPUT', 'VERSION', 'UP'],
    ...instances.map((i) => [
      i.service,
      i.id,
      i.pid === null ? i.host : `${i.host}:${i.pid}`,
      i.status ? i.status.health + (i.status.reason ? ` (${i.status.reason})` : '') : 'unknown (no status)',
      i.status?.lag === null || i.status?.lag === undefined ? '-' : String(i.status.lag),
      i.status ? `${i.status.throughput.perSecond.toFixed(1)} ${i.status.throughput.unit}/s (${i.status.throughput.total} total)` : '-',
      i.version,
      since(i.started),
    ]),
  ];
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return `${rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ')).join('\n')}\n`;
}

/** How long ago an ISO time was, compactly (`42s`, `5m`, `3h`, `2d`). */
function since(iso: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}
