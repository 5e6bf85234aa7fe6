import type { Database } from '@pipe/db';
import type { Insertable, Kysely } from 'kysely';

/** One tool call, as the audit log records it. */
export interface AuditEntry {
  team: string;
  keyId: string;
  /** The OAuth client that made the call, when it came with an OAuth token. */
  clientId?: string | undefined;
  /** The sign-in link (and its email) behind that token. */
  signIn?: string | undefined;
  sessionId: string | null;
  tool: string;
  arguments: Record<string, unknown>;
  outcome: 'ok' | 'error';
  durationMs: number;
}

/** Where tool calls are recorded. */
export interface AuditRecorder {
  record(entry: AuditEntry): void;
}

/** Argument names whose values are never stored. */
const SECRET_NAME = /(key|token|secret|password|passwd|authorization|credential|cookie|session)/i;
/** Values that look like credentials whatever their name (Pipe keys, bearer tokens, JWTs, GitHub tokens). */
const SECRET_VALUE =
  /^(pipe_[A-Za-z0-9_-]{20,}|bearer\s+\S+|ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+|gh[pousr]_[A-Za-z0-9]{20,}|xox[abpr]-\S+)$/i;
/** Longest string value stored; arguments are for accountability, not a copy of the request. */
const MAX_VALUE_CHARS = 500;

/** The arguments with secrets replaced by `[redacted]` and long strings shortened, recursively. */
export function redactArguments(value: unknown, name = ''): unknown {
  if (name !== '' && SECRET_NAME.test(name)) return '[redacted]';
  if (typeof value === 'string') {
    if (SECRET_VALUE.test(value.trim())) return '[redacted]';
    return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((entry) => redactArguments(entry));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactArguments(entry, key)]));
  }
  return value;
}

/**
 * The audit log: tool calls are buffered and written in batches (every `flushMs`, or sooner
 * when many queue up), so auditing adds no database round trip to a call. A failed write is
 * logged and retried with the next batch, up to a bound, so a database blip loses nothing
 * short of a crash.
 */
export class AuditLog implements AuditRecorder {
  readonly #db: Kysely<Database>;
  readonly #onError: (error: unknown) => void;
  readonly #flushMs: number;
  #buffer: Insertable<Database['gateway_audit']>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(db: Kysely<Database>, options: { flushMs?: number; onError?: (error: unknown) => void } = {}) {
    this.#db = db;
    this.#flushMs = options.flushMs ?? 200;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Queues one call for the log. */
  record(entry: AuditEntry): void {
    this.#buffer.push({
      team: entry.team,
      key_id: entry.keyId,
      client_id: entry.clientId ?? null,
      sign_in: entry.signIn ?? null,
      session_id: entry.sessionId,
      tool: entry.tool,
      arguments: JSON.stringify(redactArguments(entry.arguments)),
      outcome: entry.outcome,
      duration_ms: Math.round(entry.durationMs * 100) / 100,
      at: new Date(),
    });
    if (this.#buffer.length >= 500) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Writes everything queued so far; resolves once it is stored (or the failure was logged). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#writing = this.#writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.#db.insertInto('gateway_audit').values(batch).execute();
      } catch (error) {
        this.#onError(error);
        // Kept for the next flush, but bounded so a long outage cannot exhaust memory.
        this.#buffer = [...batch, ...this.#buffer].slice(-10_000);
        this.#timer ??= setTimeout(() => void this.flush(), 1000);
      }
    });
    return this.#writing;
  }

  /** Writes what is queued and stops the timer (at shutdown). */
  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
