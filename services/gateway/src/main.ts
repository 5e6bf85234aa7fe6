import { REDACTED_HEADER_PATHS } from '@pipe/platforms';
import { runMain, startService } from '@pipe/service-runtime';
import { buildApp } from './app.js';
import { ChangeLog } from './changes/change-log.js';
import { loadGatewayConfig } from './config.js';
import { answeredRequests } from './gateway-telemetry.js';
import { GATEWAY_POSTGRES_SETTINGS } from './postgres-settings.js';

/** The gateway on the service runtime: its app over the runtime's Postgres and `PIPE_CHANGES`. */
runMain('gateway', async () => {
  const config = loadGatewayConfig();
  const service = await startService({
    name: 'gateway',
    config,
    drains: 'draining: no new requests, answering every one received before closing the sessions',
    logRedact: REDACTED_HEADER_PATHS,
    dbSettings: GATEWAY_POSTGRES_SETTINGS,
  });
  const app = buildApp({
    db: service.db,
    changes: new ChangeLog(service.bus.js, service.bus.jsm, service.names),
    allowedOrigins: config.PIPE_ALLOWED_ORIGINS,
    allowedHosts: config.PIPE_ALLOWED_HOSTS,
    publicUrl: config.PIPE_PUBLIC_URL,
    authorizationServers: config.PIPE_AUTHORIZATION_SERVERS,
    rateLimit: { perMinute: config.PIPE_RATE_LIMIT_PER_MINUTE, burst: config.PIPE_RATE_LIMIT_BURST },
    sessionIdleMs: config.PIPE_SESSION_IDLE_MS,
    syncWindowDays: config.SYNC_WINDOW_DAYS,
    oauth: {
      // Without a public URL the issuer is the local address, which serves clients on this machine only.
      issuer: config.PIPE_PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`,
      accessTokenTtlSeconds: config.PIPE_OAUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: config.PIPE_OAUTH_REFRESH_TOKEN_TTL_SECONDS,
      clientMetadata: {
        timeoutMs: config.PIPE_OAUTH_CLIENT_METADATA_TIMEOUT_MS,
        maxBytes: config.PIPE_OAUTH_CLIENT_METADATA_MAX_BYTES,
        allowPrivateAddresses: config.PIPE_OAUTH_ALLOW_PRIVATE_CLIENT_METADATA,
      },
    },
    logger: service.logger,
  });
  await service.serve({ app, description: 'Pipe MCP gateway', throughput: answeredRequests });
});
