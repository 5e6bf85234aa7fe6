import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isListening } from './endpoints.js';
import { freePort } from './free-port.js';

/**
 * A nats-server of a fault test's own (never the shared one on 4222): its own loopback ports, its
 * own store in a temp dir, so a test can kill and restart it while other test files run.
 */
export interface NatsServerProcess {
  readonly name: string;
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  /** The monitoring endpoint, `http://127.0.0.1:<port>`. */
  readonly monitorUrl: string;
  /** True while the process runs. */
  running(): boolean;
  /** Starts it again (same ports, same store) after a stop or a kill; resolves once it listens. */
  start(): Promise<void>;
  /** SIGKILL: no goodbye to clients or peers, as in a crash. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (lame duck skipped), then waits for the exit. */
  stop(): Promise<void>;
}

/** Options of {@link startNatsServer}. */
export interface NatsServerOptions {
  /** The server's name (default `n<port>`). */
  name?: string;
  /** Cluster membership: the cluster's name, this server's route port and every member's route port. */
  cluster?: { name: string; port: number; routes: number[] };
  /** Client port (default: a free one). */
  port?: number;
}

const NATS_SERVER = process.env.PIPE_TEST_NATS_SERVER ?? 'nats-server';

/** Starts a nats-server with JetStream on loopback; `cleanup` ends it and removes its store. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerProcess & { cleanup(): Promise<void> }> {
  const port = options.port ?? (await freePort());
  const monitorPort = await freePort();
  const name = options.name ?? `n${port}`;
  const dir = mkdtempSync(join(tmpdir(), `pipe-nats-${name}-`));
  const lines = [
    `server_name: ${name}`,
    'host: 127.0.0.1',
    `port: ${port}`,
    `http: 127.0.0.1:${monitorPort}`,
    // As deploy/nats/nats-server.conf: the largest raw delivery ingest accepts must fit.
    'max_payload: 4MB',
    `jetstream { store_dir: "${join(dir, 'store')}" }`,
  ];
  if (options.cluster) {
    const { name: clusterName, port: routePort, routes } = options.cluster;
    lines.push(
      `cluster { name: ${clusterName}, listen: 127.0.0.1:${routePort}, routes: [${routes.map((r) => `nats-route://127.0.0.1:${r}`).join(', ')}] }`,
    );
  }
  const configFile = join(dir, 'nats-server.conf');
  writeFileSync(configFile, `${lines.join('\n')}\n`);
  const url = `nats://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  const start = async () => {
    if (child) return;
    const started = spawn(NATS_SERVER, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    started.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    exited = new Promise<void>((resolve) =>
      started.once('exit', () => {
        if (child === started) child = undefined;
        resolve();
      }),
    );
    for (let i = 0; i < 200; i++) {
      if (!child) throw new Error(`nats-server ${name} exited at start:\n${output}`);
      if (await isListening(url, port, 200)) return;
      await sleep(50);
    }
    throw new Error(`nats-server ${name} did not listen on ${port}:\n${output}`);
  };
  const signal = async (sig: NodeJS.Signals) => {
    const running = child;
    if (!running) return;
    running.kill(sig);
    await exited;
  };
  await start();
  return {
    name,
    url,
    monitorUrl: `http://127.0.0.1:${monitorPort}`,
    running: () => child !== undefined,
    start,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    async cleanup() {
      await signal('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Three (or `size`) nats-servers on loopback forming one JetStream cluster. */
export interface NatsCluster {
  servers: (NatsServerProcess & { cleanup(): Promise<void> })[];
  /** Every member's client URL, comma-separated (what `NATS_URL` takes). */
  url: string;
  /** The member whose name is `name`. */
  server(name: string): NatsServerProcess;
  cleanup(): Promise<void>;
}

/** Starts a JetStream cluster of `size` servers on loopback, each with its own ports and store. */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const routes: number[] = [];
  for (let i = 0; i < size; i++) routes.push(await freePort());
  const clusterName = `pipe-test-${routes[0]}`;
  const servers = await Promise.all(
    routes.map((port, i) => startNatsServer({ name: `n${i + 1}`, cluster: { name: clusterName, port, routes } })),
  );
  const cluster: NatsCluster = {
    servers,
    url: servers.map((s) => s.url).join(','),
    server(name) {
      const found = servers.find((s) => s.name === name);
      if (!found) throw new Error(`no server ${name} in the cluster (${servers.map((s) => s.name).join(', ')})`);
      return found;
    },
    async cleanup() {
      await Promise.all(servers.map((s) => s.cleanup()));
    },
  };
  await waitForMetaLeader(servers);
  return cluster;
}

/** Waits until the cluster's JetStream has a meta leader (it can create streams). */
async function waitForMetaLeader(servers: NatsServerProcess[]): Promise<void> {
  for (let i = 0; i < 300; i++) {
    for (const server of servers) {
      const jsz = await fetch(`${server.monitorUrl}/jsz`)
        .then((r) => r.json() as Promise<{ meta_cluster?: { leader?: string } }>)
        .catch(() => null);
      if (jsz?.meta_cluster?.leader) return;
    }
    await sleep(100);
  }
  throw new Error('the NATS cluster elected no JetStream meta leader');
}
