import { type Bus, streamLeader } from '@pipe/bus';

type JetStreamManager = Bus['jsm'];

/**
 * Whether Pipe's streams have leaders, for readiness: while a replicated stream elects one (a
 * server died, the stream was just created) every write to it fails, so a service that answers
 * 2xx only after JetStream's ack must say it is not ready. Looked up at most once a second, so
 * probes do not flood NATS with `STREAM.INFO` requests.
 */
export class StreamLeaders {
  private checkedAt = 0;
  private reason: string | null = null;
  private checking: Promise<string | null> | undefined;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly streams: readonly string[],
    private readonly maxAgeMs = 1000,
  ) {}

  /** Null when every stream has a leader, else which has none. */
  async notReadyReason(): Promise<string | null> {
    if (Date.now() - this.checkedAt < this.maxAgeMs) return this.reason;
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<string | null> {
    const leaders = await Promise.all(this.streams.map((stream) => streamLeader(this.jsm, stream)));
    const leaderless = this.streams.filter((_, i) => leaders[i] === null);
    this.reason =
      leaderless.length === 0
        ? null
        : `${leaderless.join(', ')} has no leader yet (a NATS election is under way, or too few servers are up)`;
    this.checkedAt = Date.now();
    return this.reason;
  }
}
