import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@pipe/test-infra';
import { cpuProfileArgs } from './cpu-profile.js';

/** A built Pipe service in a process of its own, as deployed. */
export interface ServiceProcess {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  pid: number | null;
  /** Resident memory of the service's process, bytes. */
  rss(): number;
  stop(): Promise<void>;
}

/** Starts `services/<name>/dist/main.js` (`npm run setup` builds it) on a free port, and waits for /health. */
export async function startServiceProcess(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const main = fileURLToPath(new URL(`../../../services/${name}/dist/main.js`, import.meta.url));
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run setup)`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...cpuProfileArgs(name), main], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    baseUrl,
    pid: child.pid ?? null,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
