import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from '@opentelemetry/api';
import { type Bus, type StreamNames, changeNoticeId, publishChangeNotice } from '@pipe/bus';
import type { Database } from '@pipe/db';
import type { ChangeNotice } from '@pipe/events';
import { type CheckpointKey, type PendingNotice, forgetNotices, pendingNotices } from '@pipe/projection';
import type { Kysely } from 'kysely';
import { inTrace, noticeTrace } from './batch-telemetry.js';

/** What a relay needs. */
export interface ChangeRelayDeps {
  db: Kysely<Database>;
  bus: Bus;
  names: StreamNames;
  logger: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

/** Options of a {@link ChangeRelay}. */
export interface ChangeRelayOptions {
  /** Notices read from the outbox at a time (default 500). */
  readLimit?: number;
  /** How often the outbox is looked at when nothing woke the relay (default 5 s). */
  pollMs?: number;
  /** Longest wait between attempts while NATS (or Postgres) does not answer (default 5 s). */
  maxBackoffMs?: number;
}

/**
 * Announces a partition's committed changes on `PIPE_CHANGES` from the outbox (guarantee 4). A
 * batch records its notices in the same transaction as its rows (`recordNotices`); the relay
 * publishes them in the order they were committed and forgets them only once JetStream
 * acknowledged them. While NATS does not answer they stay recorded and the relay tries again with
 * backoff; after a crash the next holder of the partition publishes what is left. A re-publish
 * (acknowledged, but the delete did not happen) carries the same `Nats-Msg-Id` and is stored once.
 *
 * Order: notices are published in windows holding at most one notice per team and each window is
 * acknowledged before the next leaves, so a team's notices — one subject, read in order by the
 * gateway and the notifier — are stored in commit order even when a publish fails and is retried;
 * different teams' notices share a window and so a round trip.
 *
 * Only the holder of a partition's lock runs its relay, so one process publishes a partition.
 */
export class ChangeRelay {
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** Traces of notices this process committed, so each is published in its event's trace. */
  private readonly traces = new Map<string, Context>();

  constructor(
    private readonly deps: ChangeRelayDeps,
    private readonly key: CheckpointKey,
    private readonly options: ChangeRelayOptions = {},
  ) {}

  /** A batch committed these notices (they are in the outbox): announce them now. */
  committed(notices: readonly ChangeNotice[]): void {
    for (const notice of notices) {
      const trace = noticeTrace(notice);
      if (trace) this.traces.set(changeNoticeId(notice), trace);
    }
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Announces until `signal` aborts, then once more, so that what the last batch committed leaves
   * with the drain; whatever NATS does not take then stays in the outbox for the next start.
   */
  async run(signal: AbortSignal): Promise<void> {
    const maxBackoff = this.options.maxBackoffMs ?? 5000;
    let backoff = 100;
    let failing = false;
    for (;;) {
      const stopping = signal.aborted;
      this.woken = false;
      try {
        const drained = await this.announcePending();
        if (failing) this.deps.logger.info({ partition: this.key.partition }, 'announcing committed changes again');
        failing = false;
        backoff = 100;
        if (!drained) continue;
        if (stopping) return;
        await this.idle(signal);
      } catch (error) {
        if (!failing) {
          this.deps.logger.warn(
            { partition: this.key.partition, error: String(error) },
            'could not announce committed changes; they stay in the outbox and are announced once NATS answers',
          );
        }
        failing = true;
        if (stopping) return;
        await sleep(backoff, undefined, { signal }).catch(() => undefined);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  }

  /** Publishes the oldest recorded notices; true when the outbox was emptied. */
  private async announcePending(): Promise<boolean> {
    const limit = this.options.readLimit ?? 500;
    const rows = await pendingNotices(this.deps.db, this.key, limit);
    if (rows.length === 0) return true;
    let acknowledged = 0;
    try {
      for (const window of oneNoticePerTeam(rows)) {
        const results = await Promise.allSettled(window.map((row) => this.publish(row)));
        const failed = results.findIndex((result) => result.status === 'rejected');
        if (failed >= 0) {
          acknowledged += failed;
          throw (results[failed] as PromiseRejectedResult).reason;
        }
        acknowledged += window.length;
      }
    } finally {
      const last = rows[acknowledged - 1];
      if (last) await forgetNotices(this.deps.db, this.key, last.id);
    }
    return rows.length < limit;
  }

  private async publish(row: PendingNotice & { parsed: ChangeNotice }): Promise<void> {
    const id = changeNoticeId(row.parsed);
    await inTrace(this.traces.get(id), () => publishChangeNotice(this.deps.bus.js, this.deps.names, row.parsed, row.notice));
    this.traces.delete(id);
  }

  private idle(signal: AbortSignal): Promise<void> {
    if (this.woken || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs ?? 5000);
      signal.addEventListener('abort', done, { once: true });
      this.wakeUp = done;
    });
  }
}

/** Consecutive runs of notices in which no team appears twice, in outbox order. */
function oneNoticePerTeam(rows: readonly PendingNotice[]): (PendingNotice & { parsed: ChangeNotice })[][] {
  const windows: (PendingNotice & { parsed: ChangeNotice })[][] = [];
  let window: (PendingNotice & { parsed: ChangeNotice })[] = [];
  let teams = new Set<string>();
  for (const row of rows) {
    const parsed = JSON.parse(row.notice) as ChangeNotice;
    if (teams.has(parsed.team)) {
      windows.push(window);
      window = [];
      teams = new Set();
    }
    teams.add(parsed.team);
    window.push({ ...row, parsed });
  }
  if (window.length > 0) windows.push(window);
  return windows;
}
