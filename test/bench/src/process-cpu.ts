import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The pid of a local process by exact name (e.g. `nats-server`), or null. */
export function pidOf(name: string): number | null {
  try {
    const [first] = execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).trim().split('\n');
    return first ? Number(first) : null;
  } catch {
    return null;
  }
}

/** Cores used by each named process between `start()` and `stop()`. */
export function cpuMeter(processes: Record<string, number | null>): { stop(): Record<string, number> } {
  const began = performance.now();
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, pid === null ? null : cpuSeconds(pid)]));
  return {
    stop() {
      const seconds = (performance.now() - began) / 1000;
      const cores: Record<string, number> = {};
      for (const [name, pid] of Object.entries(processes)) {
        const start = before[name];
        const end = pid === null ? null : cpuSeconds(pid);
        if (start !== null && start !== undefined && end !== null) cores[name] = (end - start) / seconds;
      }
      return cores;
    },
  };
}
