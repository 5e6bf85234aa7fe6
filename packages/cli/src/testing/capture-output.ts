import type { CliOutput } from '../command.js';

/** A `CliOutput` that keeps what a command wrote, for assertions. */
export function captureOutput(): { out: { stdout: string; stderr: string }; io: CliOutput } {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}
