import { historyBench, retrievalBench } from '@pipe/e2e';
import { chaosBench } from './chaos/chaos-bench.js';
import { ingestBench } from './ingest.js';
import { gatewayBench } from './gateway.js';
import { latencyBench } from './latency.js';
import { notifyBench } from './notify.js';
import { projectorBench } from './projector/projector-bench.js';
import { replayBench } from './replay/replay-bench.js';
import { upOutputBench } from './up-output.js';
import { syncBench } from './sync-bench.js';
import { searchCompareBench } from './search-compare.js';

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
  chaos: {
    describe:
      'kill -9 of every service in turn, NATS and Postgres restarted, thousands of deliveries, then pipe replay --verify (BENCH_DELIVERIES, default 3000)',
    run: () => chaosBench(),
  },
  sync: {
    describe: 'backfill a stand-in GitHub organisation (BENCH_SYNC_RECORDS, default 100,000) beside the same records as signed webhooks',
    run: () => syncBench(),
  },
  history: {
    describe: "a team's two weeks on six platforms into two teams: edge precision and recall per type (issue 15)",
    run: () => historyBench(),
  },
  'search-compare': {
    describe:
      "this checkout's search beside another built checkout's (BENCH_SEARCH_BASE), interleaved query by query on the gateway bench's million items",
    run: () => searchCompareBench(),
  },
  retrieval: {
    describe: 'a team history and 66 questions as people ask them: recall@5/10, MRR, nDCG@10 per split, beside two baselines (issue 18)',
    run: () => retrievalBench(),
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
