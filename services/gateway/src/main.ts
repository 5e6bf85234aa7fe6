import { connectBus, provisionStreams, streamNames } from '@pipe/bus';
import { createDb, migrateToLatest } from '@pipe/db';
import { collectProcessMetrics, drainHttp, packageVersion, startTelemetry } from '@pipe/telemetry';
import { buildApp } from './app.js';
import { ChangeLog } from './changes/change-log.js';
import { loadGatewayConfig } from './config.js';
import { registerGatewayInstance } from './gateway-instance.js';

/** Boots the gateway: config, database, migrations, NATS, listen; drains on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const version = packageVersion(import.meta.url);
  const telemetry = startTelemetry({ service: 'gateway', version });
  collectProcessMetrics();
  const db = createDb({ url: config.databaseUrl, applicationName: 'pipe-gateway' });
  await migrateToLatest(db);
  const bus = await connectBus({ url: config.natsUrl, name: 'pipe-gateway' });
  const names = streamNames(config.namespace);
  // Safe at every start: the gateway reads PIPE_CHANGES, so it must exist even before the projector ran.
  await provisionStreams(bus.jsm, names, undefined, { replicas: config.streamReplicas });
  const app = buildApp({
    db,
    changes: new ChangeLog(bus.js, bus.jsm, names),
    allowedOrigins: config.allowedOrigins,
    allowedHosts: config.allowedHosts,
    publicUrl: config.publicUrl,
    authorizationServers: config.authorizationServers,
    rateLimit: { perMinute: config.rateLimitPerMinute, burst: config.rateLimitBurst },
    sessionIdleMs: config.sessionIdleMs,
    logLevel: config.logLevel,
  });

  let instance: Awaited<ReturnType<typeof registerGatewayInstance>> | undefined;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await instance?.stop().catch(() => undefined);
      await drainHttp(app);
      await bus.nc.drain();
      await db.destroy();
      await telemetry.shutdown();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));

  await app.listen({ port: config.port, host: config.host });
  instance = await registerGatewayInstance({ bus, db, namespace: config.namespace, version, stopping: () => stopping });
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config): report on stderr as one JSON line, like pino would.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), msg: 'gateway failed to start', err: message })}\n`);
  process.exit(1);
});
