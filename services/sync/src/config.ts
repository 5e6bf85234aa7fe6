import { loadConfig, secretKey, syncWindowDays } from '@pipe/config';
import { runtimeConfigShape } from '@pipe/service-runtime';
import { z } from 'zod';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The sync service's environment: the runtime's fields (port 7408) and its own. */
const SyncConfig = z.object({
  ...runtimeConfigShape(7408),
  /** Opens the teams' API credentials (AES-256-GCM), the same key the CLI sealed them with. */
  PIPE_SECRET_KEY: secretKey,
  /** How far back a full pass reaches, in days (shared with `pipe sync` and the MCP `sync` tool; `--since` overrides it per job). */
  SYNC_WINDOW_DAYS: syncWindowDays,
  /** How often each connection's incremental sync runs (ms), from each scope's high-water mark. */
  SYNC_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10 * MINUTE),
  /** How often a full pass over the window runs per scope (ms); it finds what the API no longer has. */
  SYNC_FULL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(MINUTE)
    .default(7 * DAY),
  /**
   * Jobs one instance runs at once. Each job reads its platform one request at a time, so this is
   * also the most requests an instance has in flight per connection: 8, far below GitHub's
   * documented cap of 100 concurrent requests, and every client waits out the rate limits it meets.
   * A job spends most of its time waiting on the platform, so the CPU is used only with several
   * (pnpm bench sync at 100,000 records: 1.22× the webhook path with 8, 0.85–0.95× with 4).
   */
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(8),
  /** How long a job may go without a progress report before JetStream gives it to another instance (ms). */
  SYNC_ACK_WAIT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** Failures in a row after which a connection's circuit breaker opens and its jobs pause. */
  SYNC_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  /** How long an open breaker pauses a connection before one job tries again (ms). */
  SYNC_BREAKER_RESET_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5 * MINUTE),
  /**
   * Whether this instance holds live connections (Discord's Gateway), one per connection across
   * all instances; `false` on instances that should only backfill.
   */
  SYNC_LIVE_FEEDS: z.enum(['true', 'false']).default('true'),
  /** How long a live connection's lease lasts unrenewed (ms): after an instance dies, another takes its connections over within this. */
  SYNC_LIVE_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * How far V8 lets the old generation grow past what survived its last full collection before
   * collecting again, in percent (V8's `--heap-growing-percent`; 0 leaves V8's own factor, about
   * 2–4×). A backfill keeps every page in flight alive across young collections, so most of what it
   * reads is promoted and dies old; V8's own factor let that garbage pile up to about three times the
   * live heap (pnpm bench sync: 360 MB resident at 100,000 records). 40 % collects it a few times
   * more often, cheaply, since the live heap is small (docs/benchmarks.md, sync).
   */
  SYNC_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(400).default(40),
  /** The first wait before retrying a 5xx (ms; @octokit/plugin-retry backs off from it). */
  SYNC_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
});
/** The sync service's parsed configuration. */
export type SyncConfig = z.infer<typeof SyncConfig>;

/** Reads and validates the sync service's configuration once, at start. */
export const loadSyncConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<SyncConfig> => loadConfig('sync', SyncConfig, env);
