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

/** The whole machine's CPU ticks so far, from the first line of /proc/stat (Linux); null elsewhere. */
function machineTicks(): { busy: number; steal: number; ioWait: number; all: number } | null {
  try {
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.split(/\s+/).slice(1).map(Number) ?? [];
    const busy = user + nice + system + irq + softirq;
    return { busy, steal, ioWait: iowait, all: busy + idle + iowait + steal };
  } catch {
    return null;
  }
}

/**
 * How busy the whole machine was from this call to `stop()`: the share of all cores' time spent
 * running anything (Postgres included), the share the hypervisor took away (steal) and the share
 * idle while waiting on the disk (iowait: a page not in memory), so that a run's latency tail can
 * be read against the state of the machine it ran on.
 */
export function machineMeter(): { stop(): { busy: number; steal: number; ioWait: number } | null } {
  const before = machineTicks();
  return {
    stop() {
      const after = machineTicks();
      if (!before || !after || after.all === before.all) return null;
      const all = after.all - before.all;
      return {
        busy: (after.busy - before.busy) / all,
        steal: (after.steal - before.steal) / all,
        ioWait: (after.ioWait - before.ioWait) / all,
      };
    },
  };
}
