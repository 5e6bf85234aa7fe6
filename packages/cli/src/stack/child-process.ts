import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A process `pipe up` started and must stop. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or -1 when it could not start, null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Where a process's output lines go: `stream` says which of its streams wrote the line. */
export type LineSink = (line: string, stream: 'stdout' | 'stderr') => void;

/** Starts a process and hands each line it writes to `onLine` (none: its output is dropped). */
export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, onLine?: LineSink): ManagedProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of ['stdout', 'stderr'] as const) {
    const output = child[stream];
    if (!output) continue;
    if (!onLine) {
      output.resume();
      continue;
    }
    createInterface({ input: output }).on('line', (line) => onLine(line, stream));
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      onLine?.(`could not start: ${error.message}`, 'stderr');
      resolve(-1);
    });
  });
  return {
    name,
    child,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
