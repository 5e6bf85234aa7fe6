import { setTimeout as sleep } from 'node:timers/promises';
import { connectBus, provisionStreams, streamNames } from '@pipe/bus';
import { SecretBox, createDb, ensureDatabaseExists, migrateToLatest, parseSecretKey } from '@pipe/db';
import { type CliConfig, homePath } from '../config.js';
import { type DemoCredentials, ensureDemoTeam } from '../demo-team.js';
import { resolveSecretKey } from '../secret-key.js';
import { runnableServices, serviceEntry } from '../service-ports.js';
import { type ManagedProcess, startProcess } from '../stack/child-process.js';
import { resolveNats } from '../stack/nats.js';
import { resolvePostgres } from '../stack/postgres.js';
import { removeStackFile, writeStackFile } from '../stack-file.js';
import { credentialsOf, describeCredentials } from './team-create.js';

/**
 * `pipe up`: the whole stack in the foreground. Finds (or starts) NATS and Postgres, migrates,
 * provisions the streams, makes sure the demo team exists, starts every service, prints the
 * endpoints and the demo credentials, and on Ctrl-C drains the services and stops what it started.
 */
export async function up(config: CliConfig): Promise<number> {
  const started: ManagedProcess[] = [];
  const stopAll = async () => {
    for (const process of [...started].reverse()) await process.stop();
    removeStackFile(config);
  };
  try {
    const nats = await resolveNats(config.NATS_URL, homePath(config, 'nats'));
    if (nats.process) started.push(nats.process);
    const postgres = await resolvePostgres(config.DATABASE_URL, homePath(config, 'postgres'));
    if (postgres.process) started.push(postgres.process);
    log(`NATS      ${nats.url} (${nats.source})`);
    log(`Postgres  ${postgres.url} (${postgres.source})`);

    const secretKey = resolveSecretKey(config, true);
    await ensureDatabaseExists(postgres.url);
    const db = createDb({ url: postgres.url, poolSize: 2, applicationName: 'pipe-up' });
    let demo: DemoCredentials;
    try {
      await migrateToLatest(db);
      demo = await ensureDemoTeam(db, new SecretBox(parseSecretKey(secretKey)), config);
    } finally {
      await db.destroy();
    }
    const bus = await connectBus({ url: nats.url, name: 'pipe-up' });
    await provisionStreams(bus.jsm, streamNames(config.PIPE_NAMESPACE, config.PIPE_PARTITIONS));
    await bus.nc.close();
    writeStackFile(config, { natsUrl: nats.url, databaseUrl: postgres.url, pid: process.pid });

    const env = {
      ...process.env,
      NATS_URL: nats.url,
      DATABASE_URL: postgres.url,
      PIPE_SECRET_KEY: secretKey,
      PIPE_NAMESPACE: config.PIPE_NAMESPACE,
    };
    const { runnable: services, skipped } = runnableServices();
    for (const service of skipped) log(`skipping ${service.name}: ${service.reason}`);
    for (const service of services) {
      started.push(
        startProcess(
          service.name,
          process.execPath,
          [serviceEntry(service.name)],
          service.http ? { ...env, PORT: String(service.port) } : env,
        ),
      );
    }
    const crashed = await Promise.race([waitUntilReady(services).then(() => null), firstExit(started)]);
    if (crashed) throw new Error(`${crashed} exited while starting; its output above says why`);

    const credentials = credentialsOf(demo.team, demo.apiKey, demo.webhookSecrets, config.PIPE_PUBLIC_URL);
    log('');
    log('Pipe is up.');
    for (const service of services.filter((s) => s.http))
      log(`  ${service.name.padEnd(14)} http://127.0.0.1:${service.port}   (/health, /ready, /metrics)`);
    log('');
    log(describeCredentials(credentials, `kept in ${homePath(config, 'demo.json')}`));
    log('');
    log('Add it to Claude Code:');
    log(`  claude mcp add --transport http pipe ${credentials.mcpUrl} --header "Authorization: Bearer ${credentials.apiKey}"`);
    const hookUrl = credentials.webhooks.assistant?.url;
    if (hookUrl !== undefined) {
      log('Record your Claude Code sessions in it:');
      log(`  npx pipe hooks install claude-code --url ${hookUrl} --key ${credentials.apiKey}`);
    }
    log('Ctrl-C stops everything.');

    const exited = await Promise.race([firstExit(started), signalled()]);
    if (exited !== 'signal') log(`${exited} stopped unexpectedly; stopping the stack`);
    log('draining…');
    await stopAll();
    return exited === 'signal' ? 0 : 1;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function waitUntilReady(services: ReturnType<typeof runnableServices>['runnable'], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const service of services.filter((s) => s.http)) {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${service.port}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${service.name} did not become ready on port ${service.port}`);
      await sleep(250);
    }
  }
}

async function firstExit(processes: ManagedProcess[]): Promise<string> {
  return Promise.race(processes.map((p) => p.exited.then(() => p.name)));
}

function signalled(): Promise<'signal'> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('signal'));
    process.once('SIGTERM', () => resolve('signal'));
  });
}

const log = (line: string) => process.stdout.write(`${line}\n`);
