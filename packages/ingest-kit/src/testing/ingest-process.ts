import type { ChildProcess } from 'node:child_process';
import { spawnFromSource } from '@pipe/test-infra';

/** An ingest service running as its own OS process (its real `main.ts`), for shutdown tests. */
export interface IngestProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** The port it listens on, once it logged that it is listening. */
  port: Promise<number>;
  /** Resolves with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts an ingest service's `main.ts` (from source, with tsx as its loader) with the given
 * environment, on a free port unless `env.PORT` says otherwise.
 *
 * @example
 * const ingest = startIngestProcess(fileURLToPath(new URL('./main.ts', import.meta.url)), { NATS_URL, DATABASE_URL, … });
 * const url = `http://127.0.0.1:${await ingest.port}/webhooks/github/acme`;
 */
export function startIngestProcess(mainPath: string, env: Record<string, string>): IngestProcess {
  const child = spawnFromSource(mainPath, {
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let onPort: (port: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => (onPort = resolve));
  const scan = (chunk: Buffer) => {
    output += chunk.toString();
    // run-ingest-service logs {"port":{"address":…,"port":N},"msg":"listening"} once it serves.
    const match = /"port":\{[^}]*"port":(\d+)[^}]*\}[^\n]*"msg":"listening"/.exec(output);
    if (match) onPort(Number(match[1]));
  };
  child.stdout?.on('data', scan);
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  void exited.then(() => onPort(-1));
  return { child, output: () => output, port, exited };
}
