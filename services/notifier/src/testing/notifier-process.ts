import type { ChildProcess } from 'node:child_process';
import { spawnFromSource } from '@pipe/test-infra';

const MAIN = 'services/notifier/src/main.ts';

/** A notifier running from source in a process of its own, so a test can kill it with SIGKILL. */
export interface NotifierProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the notifier logged that it started (at LOG_LEVEL info or lower); rejects if it exits first. */
  started: Promise<void>;
}

/** Starts `services/notifier/src/main.ts` with the test's environment (PORT 0: a free probe port) and Node flags (a bench's `--cpu-prof`). */
export function startNotifierProcess(env: Record<string, string>, nodeArgs: string[] = []): NotifierProcess {
  const child = spawnFromSource(MAIN, {
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    nodeArgs,
  });
  let output = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('notifier started')) markStarted();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const startedOrExited = Promise.race([
    started,
    exited.then(() => {
      if (!output.includes('notifier started')) throw new Error(`the notifier exited before it started:\n${output}`);
    }),
  ]);
  return { child, output: () => output, exited, started: startedOrExited };
}
