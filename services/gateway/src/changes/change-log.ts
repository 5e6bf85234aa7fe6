import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { type StreamNames, changesSubject, openStreamReader } from '@pipe/bus';
import { ChangeNotice } from '@pipe/events';

/** A change notice with its `PIPE_CHANGES` sequence (the cursor of every change feed). */
export interface SequencedNotice {
  seq: number;
  notice: ChangeNotice;
}

/** What {@link ChangeLog.read} found after a cursor. */
export interface ChangeRange {
  notices: SequencedNotice[];
  /**
   * True when notices after the cursor may be missing: some were already dropped by the stream's
   * retention, or the cursor is ahead of the stream (it was recreated, so its sequences restarted).
   */
  gap: boolean;
  /** True when more notices exist after the last one returned. */
  more: boolean;
  /** The stream's last sequence when read: a cursor that means "now". */
  lastSeq: number;
}

/** A notice that is not valid JSON of a `ChangeNotice`; it is skipped, never delivered. */
export class BadChangeNoticeError extends Error {
  override readonly name = 'BadChangeNoticeError';
  readonly code = 'BAD_CHANGE_NOTICE';
}

const decoder = new TextDecoder();

/** Decodes one `PIPE_CHANGES` message, or throws {@link BadChangeNoticeError}. */
export function decodeNotice(data: Uint8Array): ChangeNotice {
  try {
    return ChangeNotice.parse(JSON.parse(decoder.decode(data)));
  } catch (cause) {
    throw new BadChangeNoticeError('a PIPE_CHANGES message is not a ChangeNotice', { cause });
  }
}

/**
 * Reads `PIPE_CHANGES`, the stream the projector announces each committed batch on, one subject
 * per team. Its sequence is the cursor of `changes_since`, of SSE resumption (`Last-Event-ID`)
 * and of the WebSocket feed, so every gateway process agrees on it: a client can resume on
 * another process.
 */
export class ChangeLog {
  constructor(
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly names: StreamNames,
  ) {}

  /** The stream's first and last sequence (first > last when it is empty). */
  async bounds(): Promise<{ firstSeq: number; lastSeq: number }> {
    const info = await this.jsm.streams.info(this.names.changes);
    return { firstSeq: info.state.first_seq, lastSeq: info.state.last_seq };
  }

  /**
   * The team's notices after sequence `after`, oldest first, at most `limit`. It reads through a
   * short-lived ordered consumer filtered to the team's subject, so other teams' notices are
   * never even delivered to this process.
   */
  async read(team: string, after: number, limit: number): Promise<ChangeRange> {
    const { firstSeq, lastSeq } = await this.bounds();
    // Sequences are dense: every one between the cursor and the first kept was a notice, dropped
    // since (maybe another team's — a reader cannot tell, so it is told). That holds for an empty
    // stream too (first = last + 1). Committed changes are never skipped before they reach the
    // stream (the projector's outbox), so these are the only gaps there are.
    const gap = after + 1 < firstSeq || after > lastSeq;
    if (lastSeq <= after) return { notices: [], gap, more: false, lastSeq };
    const reader = await openStreamReader(this.js, {
      stream: this.names.changes,
      filterSubject: changesSubject(this.names, team),
      from: { seq: after + 1 },
      inactiveMs: 10_000,
    });
    try {
      const pending = reader.pending;
      if (pending === 0) return { notices: [], gap, more: false, lastSeq };
      const wanted = Math.min(limit, pending);
      const notices: SequencedNotice[] = [];
      const messages = await reader.fetch(wanted, 5000);
      for await (const msg of messages) {
        try {
          notices.push({ seq: msg.seq, notice: decodeNotice(msg.data) });
        } catch {
          // A malformed notice is skipped: it cannot name anything a client could fetch.
        }
        if (msg.info.pending === 0 || notices.length >= wanted) break;
      }
      return { notices, gap, more: pending > wanted, lastSeq };
    } finally {
      await reader.close();
    }
  }
}
