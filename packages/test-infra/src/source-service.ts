import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { spawnFromSource } from './source-process.js';

/** A Pipe service's real `main.ts` in a process of its own, started from source. */
export interface SourceService {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`: its API, or its probe server (`/health`, `/ready`, `/metrics`). */
  baseUrl: string;
  /** Everything it printed so far (its pino log lines). */
  output(): string;
  /** Resolves with how it ended; pending while it runs. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True while the process has not ended. */
  running(): boolean;
  /** SIGTERM (a drain), then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `mainPath` (relative to the repository's root, e.g. `services/projector/src/main.ts`) on a
 * free loopback port with `env` added to this process's environment, and resolves once its
 * `/health` answers. Rejects — with what it printed — if it exits first or is not up within
 * `startTimeoutMs` (default 60 s).
 */
export async function startSourceService(
  mainPath: string,
  env: Record<string, string>,
  options: { startTimeoutMs?: number } = {},
): Promise<SourceService> {
  const port = await freePort();
  const child = spawnFromSource(mainPath, {
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = true;
      resolve({ code, signal });
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (ended) throw new Error(`${mainPath} exited before it served:\n${output}`);
    const up = await fetch(`${baseUrl}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${mainPath} did not serve /health on ${baseUrl} in time:\n${output}`);
    }
    await sleep(100);
  }
  return {
    child,
    baseUrl,
    output: () => output,
    exited,
    running: () => !ended,
    async stop() {
      if (ended) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
