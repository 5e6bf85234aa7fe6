import { setTimeout as sleep } from 'node:timers/promises';
import { connectBus, provisionLockName, provisionStreams, streamNames } from '@pipe/bus';
import { SecretBox, createDb, ensureDatabaseExists, migrateToLatest, parseSecretKey, withAdvisoryLock } from '@pipe/db';
import { banner } from '../banner.js';
import type { CliOutput } from '../command.js';
import { type CliConfig, homePath } from '../config.js';
import { type DemoCredentials, ensureDemoTeam } from '../demo-team.js';
import { resolveSecretKey } from '../secret-key.js';
import { type Service, runnableServices, serviceEntry } from '../service-ports.js';
import type { ManagedProcess } from '../stack/child-process.js';
import { resolveNats } from '../stack/nats.js';
import { resolvePostgres } from '../stack/postgres.js';
import { createServiceLog } from '../stack/service-log.js';
import { type SupervisedService, supervise } from '../stack/supervisor.js';
import { removeStackFile, writeStackFile } from '../stack-file.js';

/** How `pipe up` prints. */
export interface UpOptions {
  /** JSON log lines as the services write them, even on a terminal. */
  jsonLogs?: boolean;
  out?: CliOutput['stdout'];
}

/**
 * `pipe up`: the whole stack in the foreground. Finds (or starts) NATS and Postgres, migrates,
 * provisions the streams, makes sure the demo team exists, starts every service (restarting one
 * that crashes), prints the banner once all are ready, and on Ctrl-C drains the services and
 * stops what it started. On a terminal the services' log records are one readable line each;
 * elsewhere (or with `--json-logs`) they are the JSON lines the services write.
 */
export async function up(config: CliConfig, options: UpOptions = {}): Promise<number> {
  const out = options.out ?? process.stdout;
  const terminal = out.isTTY === true && !options.jsonLogs;
  const log = createServiceLog({
    pretty: terminal,
    // A terminal's own answer, which honours NO_COLOR and FORCE_COLOR.
    colors: terminal && (out.hasColors?.() ?? false),
    write: (text) => out.write(text),
  });
  const say = (line: string) => out.write(`${line}\n`);
  const servers: Pick<ManagedProcess, 'name' | 'stop'>[] = [];
  const services: SupervisedService[] = [];
  const stopAll = async () => {
    await Promise.all(services.map((service) => service.stop()));
    for (const server of [...servers].reverse()) await server.stop();
    removeStackFile(config);
  };
  try {
    const nats = await resolveNats(config.NATS_URL, homePath(config, 'nats'), say);
    if (nats.process) servers.push(nats.process);
    const postgres = await resolvePostgres(config.DATABASE_URL, config.home, say);
    if (postgres.process) servers.push(postgres.process);
    say(`NATS      ${nats.url} (${nats.source})`);
    say(`Postgres  ${postgres.url} (${postgres.source})`);

    const secretKey = resolveSecretKey(config, true);
    await ensureDatabaseExists(postgres.url);
    const db = createDb({ url: postgres.url, poolSize: 2, applicationName: 'pipe-up' });
    let demo: DemoCredentials;
    try {
      await migrateToLatest(db);
      demo = await ensureDemoTeam(db, new SecretBox(parseSecretKey(secretKey)), config);
      // As the services do at start (the same lock, the same replicas), so they find the streams ready.
      const bus = await connectBus({ url: nats.url, name: 'pipe-up' });
      try {
        const names = streamNames(config.PIPE_NAMESPACE, config.PIPE_PARTITIONS);
        await withAdvisoryLock(db, provisionLockName(names), () =>
          provisionStreams(bus.jsm, names, undefined, { replicas: config.PIPE_STREAM_REPLICAS }),
        );
      } finally {
        await bus.nc.close();
      }
    } finally {
      await db.destroy();
    }

    const env = {
      ...process.env,
      NATS_URL: nats.url,
      DATABASE_URL: postgres.url,
      PIPE_SECRET_KEY: secretKey,
      PIPE_NAMESPACE: config.PIPE_NAMESPACE,
      // A local stack: notification rules may post to receivers on this machine or its network.
      PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS: 'true',
    };
    const { runnable, skipped } = runnableServices();
    writeStackFile(config, { natsUrl: nats.url, databaseUrl: postgres.url, pid: process.pid, services: runnable.map((s) => s.name) });
    for (const service of skipped) say(`skipping ${service.name}: ${service.reason}`);
    for (const service of runnable) {
      services.push(
        supervise({
          name: service.name,
          command: process.execPath,
          args: [serviceEntry(service.name)],
          env: service.http ? { ...env, PORT: String(service.port) } : env,
          log,
        }),
      );
    }
    const gaveUp = Promise.race(
      services.map((s) => s.done.then((outcome) => (outcome === 'gave-up' ? s.name : new Promise<never>(() => {})))),
    );
    const stuck = await Promise.race([waitUntilReady(runnable).then(() => null), gaveUp, signalled()]);
    if (stuck === 'signal') {
      say('draining…');
      await stopAll();
      return 0;
    }
    if (stuck !== null) throw new Error(`${stuck} kept crashing while the stack started; its last error lines are above`);

    const facts = { services: runnable, demo, natsUrl: nats.url, databaseUrl: postgres.url };
    out.write(banner(config, facts));

    await signalled();
    say('draining…');
    await stopAll();
    return 0;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function waitUntilReady(services: readonly Service[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const service of services.filter((s) => s.http)) {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${service.port}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline)
        throw new Error(`${service.name} did not become ready on port ${service.port} within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }
}

function signalled(): Promise<'signal'> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('signal'));
    process.once('SIGTERM', () => resolve('signal'));
  });
}
