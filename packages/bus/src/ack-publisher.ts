import { type Msg, type NatsConnection, createInbox, headers as natsHeaders } from '@nats-io/transport-node';
import { type PublishReceipt, PublishError } from './publish.js';
import { observePublish } from './publish-telemetry.js';

interface Pending {
  resolve(receipt: PublishReceipt): void;
  reject(error: Error): void;
  subject: string;
  deadline: number;
}

/**
 * JetStream publishes with acknowledgement, made cheap for a hot path: every publish carries a
 * reply subject under one inbox subscription, and one timer sweeps expired ones — instead of the
 * client's per-request reply token, timer, promise race and error object. The wire protocol is
 * exactly a JetStream publish (`Nats-Msg-Id` header, ack `{stream, seq, duplicate}` or
 * `{error}` on the reply subject), and a receipt resolves only on the stream's ack.
 *
 * It takes the connection itself (`Bus['nc']`): the JetStream client of `@nats-io/jetstream` v3
 * does not expose its connection in its public type, and a plain publish with a reply subject is
 * all the protocol needs. `publishBytes` is the simple path for everything that is not hot.
 */
export class AckPublisher {
  private readonly inbox: string;
  private readonly pending = new Map<string, Pending>();
  private next = 0;
  private subscribed = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    /** The connection publishes go out on (and their acks come back on). */
    private readonly nc: NatsConnection,
    /** How long a publish waits for its ack before it fails. */
    private readonly timeoutMs: number,
  ) {
    this.inbox = createInbox();
    this.sweeper = setInterval(() => this.sweep(), Math.min(250, timeoutMs));
    this.sweeper.unref();
  }

  /** Publishes and resolves with the stream's ack; rejects with `PublishError` otherwise. */
  publish(subject: string, payload: Uint8Array, msgId: string, extraHeaders?: Record<string, string>): Promise<PublishReceipt> {
    return new Promise((resolve, reject) => {
      const token = (this.next++).toString(36);
      const hdrs = natsHeaders();
      hdrs.set('Nats-Msg-Id', msgId);
      for (const [key, value] of Object.entries(extraHeaders ?? {})) hdrs.set(key, value);
      // The span and latency of the publish; its traceparent goes into the headers.
      const observed = observePublish(subject, hdrs);
      const acked = (receipt: PublishReceipt) => {
        observed.acked(receipt.seq, receipt.duplicate);
        resolve(receipt);
      };
      const failed = (error: Error) => {
        observed.failed(error);
        reject(error);
      };
      this.pending.set(token, { resolve: acked, reject: failed, subject, deadline: Date.now() + this.timeoutMs });
      try {
        // Subscribed on first use, so a publisher made while NATS is down fails its publishes (503), not its construction.
        if (!this.subscribed) {
          this.nc.subscribe(`${this.inbox}.*`, { callback: (error, msg) => (error ? this.failAll(error) : this.settle(msg)) });
          this.subscribed = true;
        }
        this.nc.publish(subject, payload, { reply: `${this.inbox}.${token}`, headers: hdrs });
      } catch (cause) {
        this.pending.delete(token);
        failed(new PublishError(`JetStream did not acknowledge the publish to ${subject}: ${reason(cause)}`, { cause }));
      }
    });
  }

  /** Stops the sweep (the subscription ends with the connection). */
  close(): void {
    clearInterval(this.sweeper);
  }

  private settle(msg: Msg): void {
    const token = msg.subject.slice(this.inbox.length + 1);
    const waiting = this.pending.get(token);
    if (!waiting) return;
    this.pending.delete(token);
    // No stream answered: the server says "no responders" (status 503, no data). The streams are
    // provisioned at start, so this is a replicated stream between leaders (an election), or —
    // rarely — a stream deleted under the running stack.
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      waiting.reject(
        new PublishError(
          `JetStream did not acknowledge the publish to ${waiting.subject}: no leader yet (no stream answered: a NATS election is under way, or no stream takes this subject)`,
        ),
      );
      return;
    }
    try {
      const ack = msg.json<{ stream?: string; seq?: number; duplicate?: boolean; error?: { description?: string } }>();
      if (ack.error || !ack.stream || typeof ack.seq !== 'number') {
        waiting.reject(
          new PublishError(`JetStream did not acknowledge the publish to ${waiting.subject}: ${ack.error?.description ?? 'invalid ack'}`),
        );
        return;
      }
      waiting.resolve({ stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate === true });
    } catch (cause) {
      waiting.reject(new PublishError(`JetStream did not acknowledge the publish to ${waiting.subject}: unreadable ack`, { cause }));
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiting] of this.pending) {
      if (waiting.deadline > now) continue;
      this.pending.delete(token);
      waiting.reject(new PublishError(`JetStream did not acknowledge the publish to ${waiting.subject} within ${this.timeoutMs} ms`));
    }
  }

  private failAll(error: Error): void {
    for (const [token, waiting] of this.pending) {
      this.pending.delete(token);
      waiting.reject(
        new PublishError(`JetStream did not acknowledge the publish to ${waiting.subject}: ${error.message}`, { cause: error }),
      );
    }
  }
}

const reason = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));
