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
 * Creates Pipe's streams, or updates them to the current configuration. Safe to run at every
 * start of every service.
 */
export async function provisionStreams(
  jsm: JetStreamManager,
  names: StreamNames,
  retention: StreamRetention = DEFAULT_RETENTION,
  options: ProvisionOptions = {},
): Promise<void> {
  for (const config of streamConfigs(names, retention, options)) {
    const name = config.name;
    const exists = await jsm.streams.info(name).then(
      () => true,
      (error: unknown) => {
        if (isStreamNotFound(error)) return false;
        throw error;
      },
    );
    if (exists) await jsm.streams.update(name, config);
    else await jsm.streams.add(config);
  }
}

function isStreamNotFound(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /stream not found/i.test(message);
}
