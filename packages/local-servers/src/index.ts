// Servers on this machine when none answers: an embedded Postgres, nats-server. A new export here is public API.
export { startEmbeddedPostgres, type EmbeddedPostgresOptions, type EmbeddedPostgresServer } from './embedded-postgres.js';
export { findNatsServer, startNatsServer, type StartedNatsServer } from './nats-server.js';
export {
  NATS_INSTALL_COMMAND,
  NatsServerMissingError,
  findOrInstallNatsServer,
  planNatsServer,
  systemMachine,
  type InstallMachine,
  type NatsServerPlan,
} from './nats-install.js';
export { isListening, waitForPort } from './wait-for-port.js';
