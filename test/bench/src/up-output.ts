import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectBus, streamNames } from '@pipe/bus';
import { createTestDb } from '@pipe/db/testing';
import { issuesOpened, signedGithubDelivery } from '@pipe/e2e';
import { isListening } from '@pipe/test-infra';

/** How long the output is counted for, from the start of `pipe up`. */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 60_000);
const WEBHOOKS = 100;
/** The ports `pipe up` serves on (gateway 7400, ingest 7401-…): nothing may listen there once it has stopped. */
const UP_PORTS = Array.from({ length: 10 }, (_, i) => 7400 + i);
/** The NATS `pipe up` uses when NATS_URL is unset (its own default). */
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * `pnpm bench up-output`: how many lines `pipe up` prints in its first minute while 100 signed
 * GitHub webhooks arrive — on a terminal (a pseudo-terminal from util-linux `script`, as a person
 * runs it) and piped (as CI or a log collector sees it). `BENCH_PIPE_BIN` runs another checkout's
 * CLI (`/work/main/packages/cli/bin/pipe.js`) to compare. The stack gets its own database,
 * namespace and PIPE_HOME; the services' ports are `pipe up`'s own (7400-7409), which must be free.
 * Everything a run made is removed after it, whether it came up or not: the database, PIPE_HOME and
 * the namespace's NATS streams (the log, raw, changes, DLQ and the sync queue `pipe up` provisions),
 * and each run checks that no service of `pipe up` is still listening.
 */
export async function upOutputBench(): Promise<void> {
  const bin = process.env.BENCH_PIPE_BIN ?? fileURLToPath(new URL('../../../packages/cli/bin/pipe.js', import.meta.url));
  for (const terminal of [true, false]) {
    const lines = await countLines(bin, terminal);
    console.log(
      `pipe up, ${terminal ? 'on a terminal' : 'piped     '}: ${lines.total} lines in the first ${WINDOW_MS / 1000} s (${lines.json} of them JSON) with ${WEBHOOKS} webhooks sent`,
    );
  }
}

async function countLines(bin: string, terminal: boolean): Promise<{ total: number; json: number }> {
  const db = await createTestDb();
  const home = mkdtempSync(join(tmpdir(), 'pipe-up-output-'));
  const namespace = `upout${process.pid}${terminal ? 't' : 'p'}`;
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    PIPE_HOME: home,
    PIPE_NAMESPACE: namespace,
    FORCE_COLOR: terminal ? '1' : '0',
  };
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} up`;
  const child: ChildProcess = terminal
    ? spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, [bin, 'up'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const started = Date.now();
  let counted: { total: number; json: number };
  try {
    while (!/Pipe is up|^pipe: /m.test(output) && Date.now() - started < WINDOW_MS) await sleep(250);
    if (!output.includes('Pipe is up')) throw new Error(`pipe up did not come up (are ports 7400-7409 free?):\n${output.slice(-2000)}`);
    const { webhookSecrets } = JSON.parse(readFileSync(join(home, 'demo.json'), 'utf8')) as { webhookSecrets: { github: string } };
    for (let i = 0; i < WEBHOOKS; i++) {
      const payload = issuesOpened();
      payload.issue.number = 1000 + i;
      payload.issue.title = `up-output bench issue ${i}`;
      const response = await fetch(
        'http://127.0.0.1:7401/webhooks/github/demo',
        await signedGithubDelivery(webhookSecrets.github, 'issues', payload),
      );
      if (!response.ok) throw new Error(`webhook ${i} answered ${response.status}: ${await response.text()}`);
    }
    await sleep(Math.max(0, WINDOW_MS - (Date.now() - started)));
    const lines = output.split('\n').slice(0, -1);
    counted = { total: lines.length, json: lines.filter((line) => line.includes('{"level":')).length };
  } finally {
    // Ctrl-C as a person presses it: through the terminal, or as the signal a shell sends a pipeline.
    if (terminal) child.stdin?.write('\u0003');
    else child.kill('SIGINT');
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    rmSync(home, { recursive: true, force: true });
    await db.cleanup();
    const streams = await deleteNamespaceStreams(namespace);
    console.log(
      `  removed: database ${new URL(db.url).pathname.slice(1)}, PIPE_HOME, ${streams.length} NATS streams (${streams.join(', ') || 'none'})`,
    );
  }
  const stillListening = (
    await Promise.all(UP_PORTS.map(async (port) => ((await isListening(`http://127.0.0.1:${port}`, port)) ? port : null)))
  ).filter((port) => port !== null);
  if (stillListening.length > 0) throw new Error(`pipe up left services listening on ports ${stillListening.join(', ')} after Ctrl-C`);
  return counted;
}

/**
 * Deletes every stream under the run's namespace, found by listing rather than by name so a stream
 * `pipe up` gains later (as the sync queue once was, or a KV bucket) is removed too; returns their names. A NATS
 * that does not answer had nothing of ours (a nats-server `pipe up` started lived in PIPE_HOME).
 */
async function deleteNamespaceStreams(namespace: string): Promise<string[]> {
  const prefix = streamNames(namespace).events.replace(/PIPE_EVENTS$/, '');
  const bus = await connectBus({ url: NATS_URL, name: 'bench-up-output-cleanup', connectTimeoutMs: 2000 }).catch(() => null);
  if (bus === null) return [];
  try {
    const ours: string[] = [];
    // KV buckets (the sync service's live-feed leases) are streams named KV_<bucket>.
    const isOurs = (name: string) => name.startsWith(prefix) || name.startsWith(`KV_${prefix}`);
    for await (const stream of bus.jsm.streams.list()) if (isOurs(stream.config.name)) ours.push(stream.config.name);
    for (const name of ours) await bus.jsm.streams.delete(name);
    return ours;
  } finally {
    await bus.nc.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
