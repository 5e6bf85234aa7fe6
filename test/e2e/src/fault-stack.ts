import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SecretBox, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { freePort, spawnFromSource } from '@pipe/test-infra';
import { issuesOpened, signedGithubDelivery } from './github-deliveries.js';

/** A Pipe service in a process of its own (its real `main.ts`, from source), for fault tests. */
export interface PipeProcess {
  readonly service: string;
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>` (its HTTP routes, or the projector's probes). */
  readonly baseUrl: string;
  output(): string;
  /** True while the process runs. */
  alive(): boolean;
  /** Resolves once `/ready` answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM (a drain), then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

/** Starts `services/<service>/src/main.ts` with `env` on a free port. */
export async function startPipeProcess(service: string, env: Record<string, string>): Promise<PipeProcess> {
  const port = await freePort();
  const child = spawnFromSource(`services/${service}/src/main.ts`, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-50_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const end = async (signal: NodeJS.Signals) => {
    if (alive()) child.kill(signal);
    await exited;
  };
  return {
    service,
    child,
    baseUrl,
    output: () => output,
    alive,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!alive()) throw new Error(`${service} exited while starting:\n${output}`);
        const status = await fetch(`${baseUrl}/ready`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) return;
        await sleep(100);
      }
      throw new Error(`${service} was not ready within ${timeoutMs} ms:\n${output}`);
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

/** A database with a team, and the environment every service of a fault test shares. */
export interface FaultStackBase {
  testDb: TestDb;
  team: string;
  githubSecret: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A migrated database with team `acme`, and the services' environment for `natsUrl` and `namespace`. */
export async function faultStackBase(natsUrl: string, namespace: string, extra: Record<string, string> = {}): Promise<FaultStackBase> {
  const testDb = await createTestDb();
  const key = randomBytes(32);
  const team = await createTeam(testDb.db, new SecretBox(key), 'acme', 'acme', ['github']);
  const githubSecret = team.webhookSecrets.github;
  if (!githubSecret) throw new Error('createTeam gave no GitHub webhook secret');
  return {
    testDb,
    team: 'acme',
    githubSecret,
    env: {
      NATS_URL: natsUrl,
      DATABASE_URL: testDb.url,
      PIPE_NAMESPACE: namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      ...extra,
    },
    cleanup: () => testDb.cleanup(),
  };
}

/** What one delivery got. */
export interface DeliveryAnswer {
  issue: number;
  status: number;
  retryAfter: string | null;
}

/**
 * Sends signed GitHub `issues.opened` deliveries, one issue number each, to the ingest services in
 * turn, one at a time, until `stop` aborts; a platform's retry is left to the test.
 */
export async function sendIssues(
  ingestUrls: readonly string[],
  base: Pick<FaultStackBase, 'githubSecret' | 'team'>,
  firstIssue: number,
  stop: AbortSignal,
  onAnswer: (answer: DeliveryAnswer) => void,
): Promise<void> {
  for (let issue = firstIssue; !stop.aborted; issue++) {
    const payload = issuesOpened();
    payload.issue.number = issue;
    payload.issue.title = `Fault test issue ${issue}`;
    const url = `${ingestUrls[issue % ingestUrls.length]}/webhooks/github/${base.team}`;
    const answer = await fetch(url, await signedGithubDelivery(base.githubSecret, 'issues', payload)).then(
      (r) => ({ issue, status: r.status, retryAfter: r.headers.get('retry-after') }),
      () => ({ issue, status: 0, retryAfter: null }),
    );
    onAnswer(answer);
  }
}

/** The GitHub issue numbers stored as items of `repository`. */
export async function storedIssueNumbers(testDb: TestDb, repository: string): Promise<Set<number>> {
  const rows = await testDb.db.selectFrom('items').select('id').where('kind', '=', 'issue').execute();
  const prefix = `github:issue:${repository}#`;
  return new Set(rows.filter((row) => row.id.startsWith(prefix)).map((row) => Number(row.id.slice(prefix.length))));
}
