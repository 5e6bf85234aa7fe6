import type { McpSession } from './session.js';
import type { SessionStore } from './session-store.js';

/** The minimal logger the registry needs. */
interface RegistryLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * The MCP sessions open in this process, by id. Sessions are also stored in Postgres, so one whose
 * client moves to another process is rebuilt there; this registry only holds the live objects.
 * A sweep closes abandoned sessions: no request and no open notification stream for `idleMs`.
 */
export class SessionRegistry {
  readonly #sessions = new Map<string, McpSession>();
  readonly #pending = new Map<string, Promise<McpSession | undefined>>();
  /** Requests received and not answered yet (notification streams aside), with or without a session so far. */
  readonly #receiving = new Set<Promise<unknown>>();
  #sweeper: NodeJS.Timeout | undefined;

  /** The session with this id, or undefined. */
  get(id: string): McpSession | undefined {
    return this.#sessions.get(id);
  }

  /** Records a session once the transport has given it an id. */
  add(id: string, session: McpSession): void {
    this.#sessions.set(id, session);
  }

  /** Forgets a session (its transport closed). */
  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /**
   * The session with this id, rebuilding it once with `load` when this process does not hold it
   * (concurrent requests for the same session share one rebuild).
   */
  async getOrLoad(id: string, load: () => Promise<McpSession | undefined>): Promise<McpSession | undefined> {
    const live = this.#sessions.get(id);
    if (live) return live;
    const pending = this.#pending.get(id) ?? load().finally(() => this.#pending.delete(id));
    this.#pending.set(id, pending);
    return pending;
  }

  /**
   * Counts a request from its first hook until `answered` settles, so that {@link closeAll} waits
   * for it even when the shutdown began before it reached its session (while its key was being
   * looked up). Not for notification streams, which never end by themselves.
   */
  received(answered: Promise<unknown>): void {
    this.#receiving.add(answered);
    const forget = () => this.#receiving.delete(answered);
    answered.then(forget, forget);
  }

  /** How many sessions are open. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Every open session. */
  values(): IterableIterator<McpSession> {
    return this.#sessions.values();
  }

  /**
   * Closes this process's idle sessions (and forgets them in the store), marks the busy ones as
   * alive in the store, and drops stored sessions no process kept alive.
   */
  async sweep(store: SessionStore, idleMs: number, log: RegistryLogger, now = Date.now()): Promise<void> {
    const alive: string[] = [];
    for (const [id, session] of this.#sessions) {
      if (session.openStreams === 0 && now - session.lastActivity > idleMs) {
        this.#sessions.delete(id);
        await session.close().catch(() => undefined);
        await store.delete(id).catch(() => undefined);
        log.info({ session: id, team: session.team }, 'idle mcp session expired');
      } else {
        alive.push(id);
      }
    }
    await store.touch(alive);
    const dropped = await store.expire(idleMs);
    if (dropped > 0) log.info({ dropped }, 'abandoned mcp sessions forgotten');
  }

  /** Sweeps every `everyMs` until {@link closeAll}. */
  startSweeping(store: SessionStore, idleMs: number, log: RegistryLogger, everyMs = Math.min(60_000, Math.max(1000, idleMs / 4))): void {
    this.#sweeper = setInterval(() => {
      this.sweep(store, idleMs, log).catch((error: unknown) => log.warn({ err: error }, 'session sweep failed'));
    }, everyMs);
    this.#sweeper.unref();
  }

  /**
   * Closes every session of this process (at shutdown; their stored rows stay for another
   * process). Requests already received are answered first — closing a session ends its streams,
   * and a tool call whose answer had not been written yet would be lost: its client would wait
   * for it until its own timeout — waiting at most `drainMs`. Fastify answers requests that
   * arrive once the shutdown began with 503 before any hook, so none is counted after this starts.
   */
  async closeAll(drainMs = 10_000): Promise<void> {
    clearInterval(this.#sweeper);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs)));
    await Promise.race([this.#drained(), deadline]);
    clearTimeout(timer);
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(sessions.map((session) => session.close()));
  }

  /** Resolves once every request received so far has been answered. */
  async #drained(): Promise<void> {
    while (this.#receiving.size > 0) await Promise.allSettled([...this.#receiving]);
  }
}
