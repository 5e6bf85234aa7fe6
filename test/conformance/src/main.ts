import { connectBus, provisionStreams, streamNames } from '@pipe/bus';
import { createDb, ensureDatabaseExists, migrateToLatest } from '@pipe/db';
import { ChangeLog, loadGatewayConfig } from '@pipe/gateway';
import { buildConformanceServer } from './server.js';

/**
 * Runs the conformance server on the gateway's configuration (`PORT`, `DATABASE_URL`, `NATS_URL`,
 * `PIPE_NAMESPACE`…) until SIGTERM/SIGINT:
 *
 *   PORT=7490 npx tsx --conditions=@pipe/source test/conformance/src/main.ts
 */
async function main(): Promise<void> {
  const config = loadGatewayConfig();
  // A throwaway server: it creates its database when missing, as `pipe up` does.
  await ensureDatabaseExists(config.DATABASE_URL);
  const db = createDb({ url: config.DATABASE_URL, applicationName: 'pipe-conformance' });
  await migrateToLatest(db);
  const bus = await connectBus({ url: config.NATS_URL, name: 'pipe-conformance' });
  const names = streamNames(config.PIPE_NAMESPACE, config.PIPE_PARTITIONS);
  await provisionStreams(bus.jsm, names);
  const app = await buildConformanceServer({
    db,
    changes: new ChangeLog(bus.js, bus.jsm, names),
    allowedOrigins: config.PIPE_ALLOWED_ORIGINS,
    allowedHosts: config.PIPE_ALLOWED_HOSTS,
    publicUrl: config.PIPE_PUBLIC_URL,
    logLevel: config.LOG_LEVEL,
  });
  app.log.warn(
    'MCP conformance server: keyless requests act for the empty team `conformance`, with test fixtures; never use this in production',
  );
  const stop = async (): Promise<void> => {
    await app.close();
    await bus.nc.drain();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  process.stderr.write(`conformance server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
