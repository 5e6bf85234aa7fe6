import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDb } from '@pipe/db/testing';
import { issuesOpened, signedGithubDelivery } from '@pipe/e2e';

/** How long the output is counted for, from the start of `pipe up`. */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 60_000);
const WEBHOOKS = 100;

/**
 * `pnpm bench up-output`: how many lines `pipe up` prints in its first minute while 100 signed
 * GitHub webhooks arrive — on a terminal (a pseudo-terminal from util-linux `script`, as a person
 * runs it) and piped (as CI or a log collector sees it). `BENCH_PIPE_BIN` runs another checkout's
 * CLI (`/work/main/packages/cli/bin/pipe.js`) to compare. The stack gets its own database,
 * namespace and PIPE_HOME; the services' ports are `pipe up`'s own (7400-7409), which must be free.
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
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    PIPE_HOME: home,
    PIPE_NAMESPACE: `upout${process.pid}${terminal ? 't' : 'p'}`,
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
    return { total: lines.length, json: lines.filter((line) => line.includes('{"level":')).length };
  } finally {
    // Ctrl-C as a person presses it: through the terminal, or as the signal a shell sends a pipeline.
    if (terminal) child.stdin?.write('\u0003');
    else child.kill('SIGINT');
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    rmSync(home, { recursive: true, force: true });
    await db.cleanup();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
