import { createDb, migrateToLatest } from '@pipe/db';
import { buildApp } from './app.js';
import { loadGatewayConfig } from './config.js';

/** Boots the gateway: config, database, migrations, listen; drains on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const db = createDb({ url: config.databaseUrl, applicationName: 'pipe-gateway' });
  await migrateToLatest(db);
  const app = buildApp({ db, allowedOrigins: config.allowedOrigins, logLevel: config.logLevel });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
      await db.destroy();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config): report on stderr as one JSON line, like pino would.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), msg: 'gateway failed to start', err: message })}\n`);
  process.exit(1);
});
