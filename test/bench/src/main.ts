import { historyBench } from '@pipe/e2e';
import { ingestBench } from './ingest.js';
import { gatewayBench } from './gateway.js';
import { latencyBench } from './latency.js';
import { notifyBench } from './notify.js';
import { projectorBench } from './projector/projector-bench.js';
import { replayBench } from './replay/replay-bench.js';
import { upOutputBench } from './up-output.js';
import { syncBench } from './sync-bench.js';

/** `pnpm bench <name>`: every benchmark by name. */
const BENCHMARKS: Record<string, { describe: string; run(): Promise<void> }> = {
  latency: { describe: 'webhook → searchable through the whole stack', run: () => latencyBench() },
  gateway: {
    describe: 'search, get_item, 1000 subscribed sessions, webhook → notification (BENCH_ITEMS, default 1,000,000)',
    run: () => gatewayBench(),
  },
  ingest: {
    describe: 'signed webhooks accepted per second by one ingest service, beside raw JetStream publishes',
    run: () => ingestBench(),
  },
  projector: { describe: 'sustained projector events/s vs raw upsert and one-transaction-per-event', run: () => projectorBench() },
  replay: { describe: 'rebuild 1M events into a fresh schema vs the live projector', run: () => replayBench() },
  'up-output': {
    describe: 'lines `pipe up` prints in its first minute with 100 webhooks, on a terminal and piped (issue 20)',
    run: () => upOutputBench(),
  },
  notify: {
    describe:
      'change → Slack/Discord/Telegram/webhook destination p50/p99 at 100 changes/s beside the same POST sent directly (BENCH_CHANGES, BENCH_RATE)',
    run: () => notifyBench(),
  },
  sync: {
    describe: 'backfill a stand-in GitHub organisation (BENCH_SYNC_RECORDS, default 100,000) beside the same records as signed webhooks',
    run: () => syncBench(),
  },
  history: {
    describe: "a team's two weeks on six platforms into two teams: edge precision and recall per type (issue 15)",
    run: () => historyBench(),
  },
};

const name = process.argv[2];
const bench = name ? BENCHMARKS[name] : undefined;
if (!bench) {
  console.error(
    `usage: pnpm bench <name>\n${Object.entries(BENCHMARKS)
      .map(([n, b]) => `  ${n.padEnd(12)} ${b.describe}`)
      .join('\n')}`,
  );
  process.exit(name ? 2 : 0);
}
// The benchmarks use the same isolated NATS namespace and database the tests use.
process.env.PIPE_TEST_NATS_URL ??= 'nats://127.0.0.1:4222';
process.env.PIPE_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
await bench.run();
process.exit(0);
