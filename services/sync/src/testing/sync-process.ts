import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnFromSource } from '@pipe/test-infra';

/** A sync service running as its own OS process (the real `main.ts`), for crash tests. */
export interface SyncProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Starts `services/sync/src/main.ts` from source with the given environment (port 0). */
export function startSyncProcess(env: Record<string, string>): SyncProcess {
  const child = spawnFromSource(MAIN, { env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}
