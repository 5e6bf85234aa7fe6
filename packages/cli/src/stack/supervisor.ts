import { type ManagedProcess, startProcess } from './child-process.js';
import type { ServiceLog } from './service-log.js';

/** What {@link supervise} runs and how it restarts it. */
export interface SuperviseOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  log: ServiceLog;
  /** The wait before restart number `attempt` (1, 2, …): default 1 s, doubling, at most 30 s. */
  backoffMs?: (attempt: number) => number;
  /** This many unexpected exits within `crashWindowMs` and it is not restarted again (default 5). */
  maxCrashes?: number;
  /** Default 2 minutes. */
  crashWindowMs?: number;
}

/** A service `pipe up` keeps running. */
export interface SupervisedService {
  name: string;
  /** Settles when the service is down for good: stopped by {@link stop}, or given up after repeated crashes. */
  done: Promise<'stopped' | 'gave-up'>;
  /** Restarts so far. */
  restarts(): number;
  /** Stops it (SIGTERM, so it drains) and restarts it no more. */
  stop(): Promise<void>;
}

const defaultBackoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1));

/**
 * Runs a service process and restarts it with backoff when it exits without being asked to,
 * saying so on the log. After `maxCrashes` exits within `crashWindowMs` it stops trying and says
 * which service it was and the last error lines it wrote.
 */
export function supervise(options: SuperviseOptions): SupervisedService {
  const { name, log } = options;
  const backoff = options.backoffMs ?? defaultBackoff;
  const maxCrashes = options.maxCrashes ?? 5;
  const windowMs = options.crashWindowMs ?? 120_000;
  const crashes: number[] = [];
  let restarts = 0;
  let stopping = false;
  let current: ManagedProcess;
  let wake: (() => void) | undefined;
  let finish: (outcome: 'stopped' | 'gave-up') => void = () => undefined;
  const done = new Promise<'stopped' | 'gave-up'>((resolve) => {
    finish = resolve;
  });

  const start = () => {
    current = startProcess(name, options.command, options.args, options.env, (line, stream) => log.line(name, line, stream));
    void current.exited.then(onExit);
  };
  const onExit = async (code: number | null) => {
    if (stopping) return finish('stopped');
    const now = Date.now();
    crashes.push(now);
    while ((crashes[0] ?? now) < now - windowMs) crashes.shift();
    const how = code === null ? `was killed (${current.child.signalCode ?? 'signal'})` : `exited with code ${code}`;
    if (crashes.length >= maxCrashes) {
      const lines = log.lastErrors(name);
      log.note(
        name,
        `${how}: it crashed ${crashes.length} times within ${Math.round(windowMs / 1000)} s, so pipe up stops restarting it. ${
          lines.length ? 'Its last error lines:' : 'It wrote no error lines.'
        }`,
        'error',
      );
      for (const line of lines) log.note(name, `  ${line}`, 'error');
      log.note(name, `fix the cause, then restart the stack (Ctrl-C, \`pipe up\`); the other services keep running`, 'error');
      return finish('gave-up');
    }
    const delay = backoff(crashes.length);
    restarts += 1;
    log.note(name, `${how}; restarting it in ${(delay / 1000).toFixed(delay < 1000 ? 1 : 0)} s (restart ${restarts})`, 'warn');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
    if (stopping) return finish('stopped');
    start();
  };

  start();
  return {
    name,
    done,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      wake?.();
      await current.stop();
      await done;
    },
  };
}
