import { type StreamReader, changesWildcard, openStreamReader } from '@pipe/bus';
import type { ChangeNotice } from '@pipe/events';
import { inNotificationSpan } from '../gateway-telemetry.js';
import { type ChangeLog, decodeNotice } from './change-log.js';

/** Receives the notices of one team, in stream order. */
export type NoticeListener = (seq: number, notice: ChangeNotice) => void | Promise<void>;

/** The minimal logger the feed needs. */
export interface FeedLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The live side of `PIPE_CHANGES`: one ordered (ephemeral, durable-less) consumer per gateway
 * process, from the stream's end, fanned out to the listeners of each notice's team only. An
 * ordered consumer needs no acknowledgements and recreates itself after a reconnect, so a NATS
 * restart costs nothing but the notices sent meanwhile, which clients recover through
 * `Last-Event-ID` or `changes_since` (both read the stream itself).
 */
export class ChangeFeed {
  readonly #listeners = new Map<string, Set<NoticeListener>>();
  readonly #log: ChangeLog;
  readonly #logger: FeedLogger;
  #lastSeq = 0;
  #reader: StreamReader | undefined;
  #running: Promise<void> | undefined;

  constructor(log: ChangeLog, logger: FeedLogger) {
    this.#log = log;
    this.#logger = logger;
  }

  /** The sequence of the last notice this process saw (or the stream's end when it started). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Starts consuming from the current end of the stream. */
  async start(): Promise<void> {
    this.#lastSeq = (await this.#log.bounds()).lastSeq;
    this.#reader = await openStreamReader(this.#log.js, {
      stream: this.#log.names.changes,
      filterSubject: changesWildcard(this.#log.names),
      from: { seq: this.#lastSeq + 1 },
    });
    const messages = await this.#reader.messages({ bufferSize: 1000 });
    this.#running = (async () => {
      for await (const msg of messages) {
        try {
          await inNotificationSpan(msg, () => this.#deliver(msg.seq, decodeNotice(msg.data)));
        } catch (error) {
          this.#logger.warn({ seq: msg.seq, err: error }, 'skipped a malformed change notice');
        }
        // Only once delivered: a stream primed with this position must not miss this notice.
        this.#lastSeq = Math.max(this.#lastSeq, msg.seq);
      }
    })();
  }

  async #deliver(seq: number, notice: ChangeNotice): Promise<void> {
    const listeners = this.#listeners.get(notice.team);
    if (!listeners) return;
    await Promise.all(
      [...listeners].map(async (listener) => {
        try {
          await listener(seq, notice);
        } catch (error) {
          this.#logger.error({ err: error, team: notice.team, seq }, 'a change listener failed');
        }
      }),
    );
  }

  /** Calls `listener` with every later notice of `team`; returns the function that stops it. */
  listen(team: string, listener: NoticeListener): () => void {
    const set = this.#listeners.get(team) ?? new Set();
    set.add(listener);
    this.#listeners.set(team, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(team);
    };
  }

  /** How many listeners are registered (sessions and feed sockets). */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  /** Stops consuming. */
  async close(): Promise<void> {
    await this.#reader?.close();
    await this.#running?.catch(() => undefined);
  }
}
