import { AckPolicy, DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream';

const NANOS_PER_MS = 1_000_000;

/** A durable pull consumer's settings. */
export interface DurableConsumerOptions {
  stream: string;
  /** Durable name; it survives restarts and holds the position in the stream. */
  name: string;
  /** Only messages on this subject (wildcards allowed). */
  filterSubject?: string;
  /** How long a delivered message may stay unacknowledged before redelivery (default 60 s). */
  ackWaitMs?: number;
  /** Delivered-but-unacknowledged messages allowed at once (default 2000). */
  maxAckPending?: number;
}

/**
 * Creates a durable pull consumer, or updates its settings. JetStream's own `max_deliver` stays
 * unlimited: the consumer loop bounds attempts itself, so that an exhausted message goes to the
 * dead-letter stream instead of being silently dropped by the server.
 */
export async function ensureConsumer(jsm: JetStreamManager, options: DurableConsumerOptions): Promise<void> {
  const config = consumerConfig(options, 0);
  const exists = await jsm.consumers.info(options.stream, options.name).then(
    () => true,
    (error: unknown) => {
      if (isConsumerNotFound(error)) return false;
      throw error;
    },
  );
  if (exists) {
    const { durable_name: _name, deliver_policy: _policy, ...mutable } = config;
    await jsm.consumers.update(options.stream, options.name, mutable);
  } else {
    await jsm.consumers.add(options.stream, config);
  }
}

/**
 * Recreates a durable consumer so that it starts right after `lastApplied`. For a consumer whose
 * progress is recorded elsewhere (the projector's checkpoint in Postgres is the truth): whatever a
 * crashed instance left unacknowledged is redelivered at once instead of after `ack_wait`, and
 * nothing at or below the checkpoint is delivered again. Call it only while holding the
 * consumer's exclusive lock.
 */
export async function recreateConsumerAt(jsm: JetStreamManager, options: DurableConsumerOptions, lastApplied: number): Promise<void> {
  await jsm.consumers.delete(options.stream, options.name).catch((error: unknown) => {
    if (!isConsumerNotFound(error)) throw error;
  });
  await jsm.consumers.add(options.stream, consumerConfig(options, lastApplied));
}

/** The durable consumer's settings, delivering from the start or right after `lastApplied`. */
function consumerConfig(options: DurableConsumerOptions, lastApplied: number) {
  return {
    durable_name: options.name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: lastApplied > 0 ? DeliverPolicy.StartSequence : DeliverPolicy.All,
    ...(lastApplied > 0 ? { opt_start_seq: lastApplied + 1 } : {}),
    ack_wait: (options.ackWaitMs ?? 60_000) * NANOS_PER_MS,
    max_deliver: -1,
    max_ack_pending: options.maxAckPending ?? 2000,
    ...(options.filterSubject ? { filter_subject: options.filterSubject } : {}),
  };
}

const isConsumerNotFound = (error: unknown): boolean => /consumer not found/i.test(error instanceof Error ? error.message : String(error));
