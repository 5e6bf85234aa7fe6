const DAY_MS = 86_400_000;

/**
 * An incremental sync starts this long before the scope's high-water mark: a record updated while
 * the previous sync ran, but listed before it, is read again (and stored once) instead of missed.
 */
export const SYNC_OVERLAP_MS = 5 * 60_000;

/** What decides where a new sync job of one scope starts reading. */
export interface SyncStartRequest {
  /** A full pass reads the whole window (and finds deletions); an incremental one reads from the high-water mark. */
  mode: 'incremental' | 'full';
  /** An explicit start (`pipe sync --since`, the tool's `since`): it wins. */
  since?: Date | null;
  /** The scope's high-water mark (`scopeHighWater`), or null before its first sync. */
  highWater: Date | null;
  /** The window (`SYNC_WINDOW_DAYS`): how far back a first sync and a full pass reach. */
  windowDays: number;
  now?: Date;
}

/**
 * Where a new job of a scope starts reading — one rule for the scheduler, `pipe sync` and the MCP
 * `sync` tool, so all three honour the same window: an explicit `since`; else the window's start for
 * a full pass or a scope never synced; else the high-water mark less {@link SYNC_OVERLAP_MS}.
 */
export function syncJobStart(request: SyncStartRequest): Date {
  if (request.since) return request.since;
  const now = (request.now ?? new Date()).getTime();
  if (request.mode === 'full' || !request.highWater) return new Date(now - request.windowDays * DAY_MS);
  return new Date(request.highWater.getTime() - SYNC_OVERLAP_MS);
}
