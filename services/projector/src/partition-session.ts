import { type Database, databaseReachable } from '@pipe/db';
import type { Kysely } from 'kysely';

/** The connection holding a partition's lock was lost: the lock went with it. */
export class PartitionSessionLostError extends Error {
  override readonly name = 'PartitionSessionLostError';
  readonly code = 'PARTITION_SESSION_LOST';
}

/**
 * The connection a partition's lock lives on, while the lock is held: its batches run on it one at
 * a time, and a heartbeat (`select 1` every `checkEveryMs` while no batch runs) finds out when it
 * is lost even while no event arrives — a Postgres restart or failover ends the session and its
 * advisory lock with it. `lost` aborts then, which stops the partition's consumer; the partition
 * takes its lock again on a new connection and resumes from its checkpoint.
 */
export class PartitionSession {
  private readonly lostController = new AbortController();
  private queue: Promise<unknown> = Promise.resolve();
  private checking = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    readonly db: Kysely<Database>,
    checkEveryMs: number,
  ) {
    this.heartbeat = setInterval(() => void this.check(), checkEveryMs);
    this.heartbeat.unref();
  }

  /** Aborted, with a {@link PartitionSessionLostError}, once the connection is found lost. */
  get lost(): AbortSignal {
    return this.lostController.signal;
  }

  /** Runs `work` on the session once nothing else does (statements of two transactions never interleave on it). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * After a statement failed: true when the session still answers (the failure was the
   * statement's own), else marks the session lost and returns false.
   */
  async stillAlive(cause?: unknown): Promise<boolean> {
    if (this.lost.aborted) return false;
    if (await databaseReachable(this.db)) return true;
    this.markLost(cause);
    return false;
  }

  /** Marks the session lost (its lock is gone): the partition must stop and take its lock again. */
  markLost(cause?: unknown): void {
    if (this.lost.aborted) return;
    const reason = cause instanceof Error ? cause.message : cause === undefined ? 'it no longer answers' : String(cause);
    this.lostController.abort(new PartitionSessionLostError(`the connection holding the partition lock was lost: ${reason}`, { cause }));
  }

  /** Stops the heartbeat (the lock is being released). */
  close(): void {
    clearInterval(this.heartbeat);
  }

  private async check(): Promise<void> {
    // One check at a time: behind a long batch they would otherwise pile up.
    if (this.lost.aborted || this.checking) return;
    this.checking = true;
    try {
      await this.exclusive(() => this.stillAlive());
    } finally {
      this.checking = false;
    }
  }
}
