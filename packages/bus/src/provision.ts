import { setTimeout as sleep } from 'node:timers/promises';
import { DiscardPolicy, type JetStreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { changesWildcard, dlqWildcard, eventsWildcard, rawWildcard, type StreamNames } from './stream-names.js';

/** A stream's configuration; the name is always set. */
export type StreamSettings = Partial<StreamConfig> & { name: string };

const NANOS_PER_MS = 1_000_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long each stream keeps what it holds. `PIPE_EVENTS` keeps everything forever. */
export interface StreamRetention {
  /** PIPE_RAW: verified raw deliveries (default 30 days). */
  rawMaxAgeMs: number;
  /** PIPE_CHANGES: committed-change notifications (default 6 hours). */
  changesMaxAgeMs: number;
  /** PIPE_DLQ: dead letters (default 90 days). */
  dlqMaxAgeMs: number;
  /**
   * How long a `Nats-Msg-Id` is remembered, so a redelivered webhook is stored once (default
   * 24 hours: platforms retry for hours, and an operator may redeliver by hand).
   */
  duplicateWindowMs: number;
}

export const DEFAULT_RETENTION: StreamRetention = Object.freeze({
  rawMaxAgeMs: 30 * DAY_MS,
  changesMaxAgeMs: 6 * HOUR_MS,
  dlqMaxAgeMs: 90 * DAY_MS,
  duplicateWindowMs: DAY_MS,
});

/** How the streams are stored beyond retention. */
export interface ProvisionOptions {
  /**
   * Servers holding each stream (`PIPE_STREAM_REPLICAS`, default 1). 3 on a three-node cluster: a
   * publish is acknowledged once a quorum stored it. More than 1 needs a clustered NATS.
   */
  replicas?: number;
}

/** The configuration of each of Pipe's streams. */
export function streamConfigs(
  names: StreamNames,
  retention: StreamRetention = DEFAULT_RETENTION,
  options: ProvisionOptions = {},
): StreamSettings[] {
  const common = {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: retention.duplicateWindowMs * NANOS_PER_MS,
    num_replicas: options.replicas ?? 1,
  };
  return [
    {
      ...common,
      name: names.events,
      description: 'Pipe event log: the only source of truth. Kept forever; deletes and purges are denied.',
      subjects: [eventsWildcard(names)],
      max_age: 0,
      deny_delete: true,
      deny_purge: true,
      // A full disk must fail publishes (the webhook gets a 503 and retries), not drop history.
      discard: DiscardPolicy.New,
    },
    {
      ...common,
      name: names.raw,
      description: 'Verified raw webhook deliveries, so normalisers can be re-run.',
      subjects: [rawWildcard(names)],
      max_age: retention.rawMaxAgeMs * NANOS_PER_MS,
    },
    {
      ...common,
      name: names.changes,
      description: 'What the projector committed, for live notifications and resumable feeds.',
      subjects: [changesWildcard(names)],
      max_age: retention.changesMaxAgeMs * NANOS_PER_MS,
      // JetStream refuses a duplicate window longer than the stream keeps anything.
      duplicate_window: Math.min(retention.duplicateWindowMs, retention.changesMaxAgeMs) * NANOS_PER_MS,
    },
    {
      ...common,
      name: names.dlq,
      description: 'Events a consumer could not process, with the error.',
      subjects: [dlqWildcard(names)],
      max_age: retention.dlqMaxAgeMs * NANOS_PER_MS,
    },
  ];
}

/**
 * Creates Pipe's streams, or updates those whose configuration differs, then waits until each has
 * a leader (a replicated stream elects one after it is created or changed; up to `leaderWaitMs`,
 * default 30 s — after that the services start not ready, saying "no leader yet"). A stream already
 * as configured is left alone, so running it at every start of every service costs a few
 * `STREAM.INFO` requests; run it under one lock (`provisionLockName`) so that concurrent starts do
 * not update a replicated stream at once — 8 concurrent updates of an R3 stream time out.
 */
export async function provisionStreams(
  jsm: JetStreamManager,
  names: StreamNames,
  retention: StreamRetention = DEFAULT_RETENTION,
  options: ProvisionOptions & { leaderWaitMs?: number } = {},
): Promise<void> {
  const configs = streamConfigs(names, retention, options);
  for (const config of configs) {
    const name = config.name;
    const existing = await jsm.streams.info(name).then(
      (info) => info,
      (error: unknown) => {
        if (isStreamNotFound(error)) return null;
        throw error;
      },
    );
    if (!existing) await jsm.streams.add(config);
    else if (!configured(existing.config, config)) await jsm.streams.update(name, config);
  }
  if ((options.replicas ?? 1) > 1)
    await waitForLeaders(
      jsm,
      configs.map((config) => config.name),
      options.leaderWaitMs ?? 30_000,
    );
}

/** The Postgres advisory lock name under which one process at a time provisions a stack's streams. */
export const provisionLockName = (names: StreamNames): string => `pipe-provision-streams:${names.events}`;

/** True when every setting Pipe configures already has its value in the stream's configuration. */
function configured(actual: Partial<StreamConfig>, wanted: StreamSettings): boolean {
  return Object.entries(wanted).every(([key, value]) => {
    const current = (actual as Record<string, unknown>)[key];
    return JSON.stringify(current ?? null) === JSON.stringify(value ?? null);
  });
}

/** Waits until each stream reports a leader, or `timeoutMs` passed. */
async function waitForLeaders(jsm: JetStreamManager, streams: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const stream of streams) {
    while (Date.now() < deadline) {
      const leader = await streamLeader(jsm, stream);
      if (leader) break;
      await sleep(250);
    }
  }
}

/**
 * The server leading a stream, or null while it has none (an election under way, too few servers
 * up). A single server's stream always has itself as leader.
 */
export async function streamLeader(jsm: JetStreamManager, stream: string): Promise<string | null> {
  try {
    const info = await jsm.streams.info(stream);
    if (!info.cluster) return 'standalone';
    return info.cluster.leader ?? null;
  } catch {
    return null;
  }
}

function isStreamNotFound(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /stream not found/i.test(message);
}
