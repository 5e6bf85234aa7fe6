// Servers on this machine when none answers: an embedded Postgres, nats-server. A new export here is public API.
export { startEmbeddedPostgres, type EmbeddedPostgresOptions, type EmbeddedPostgresServer } from './embedded-postgres.js';
export {
  NATS_INSTALL_COMMAND,
  NatsServerMissingError,
  findNatsServer,
  findOrInstallNatsServer,
  startNatsServer,
  type StartedNatsServer,
} from './nats-server.js';
export { isListening, waitForPort } from './wait-for-port.js';
