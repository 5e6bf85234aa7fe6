/**
 * Crash points for fault-injection tests: `PIPE_FAILPOINTS=before-commit=3` kills the process with
 * SIGKILL the third time a batch is about to commit (`after-commit`: committed, not yet acked).
 * Empty in production; the names are the only places a crash is simulated.
 */
export interface Failpoints {
  hit(name: FailpointName): void;
}

export type FailpointName = 'before-commit' | 'after-commit';

const NAMES = new Set<string>(['before-commit', 'after-commit']);

/** A bad PIPE_FAILPOINTS value. */
export class FailpointsError extends Error {
  override readonly name = 'FailpointsError';
  readonly code = 'FAILPOINTS_INVALID';
}

/** Parses `name=n[,name=n]`; an empty spec never fires. */
export function parseFailpoints(spec: string): Failpoints {
  const triggers = new Map<string, number>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, count] = part.split('=');
    if (!name || !NAMES.has(name) || !count || !/^\d+$/.test(count)) {
      throw new FailpointsError(`PIPE_FAILPOINTS entry '${part}' must be before-commit=<n> or after-commit=<n>`);
    }
    triggers.set(name, Number(count));
  }
  const hits = new Map<string, number>();
  return {
    hit(name) {
      const trigger = triggers.get(name);
      if (trigger === undefined) return;
      const count = (hits.get(name) ?? 0) + 1;
      hits.set(name, count);
      if (count === trigger) process.kill(process.pid, 'SIGKILL');
    },
  };
}

/** Never fires. */
export const NO_FAILPOINTS: Failpoints = { hit: () => undefined };
