export { createTestDatabase, type TestDatabase } from './test-database.js';
export { testNatsUrl, testNamespace } from './test-nats.js';
export { isListening, DEFAULT_TEST_DATABASE_URL, DEFAULT_TEST_NATS_URL, type TestEndpoints } from './endpoints.js';
export { freePort } from './free-port.js';
export { spawnFromSource } from './source-process.js';
export { launchChromium, CHROMIUM_PATH, type TestBrowser } from './browser.js';
export {
  startNatsServer,
  startNatsCluster,
  type NatsServerProcess,
  type NatsServerOptions,
  type NatsCluster,
} from './nats-server-process.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
export { startPostgresCluster, type PostgresCluster, type PostgresClusterOptions } from './postgres-cluster.js';
export { startSourceService, type SourceService } from './source-service.js';
