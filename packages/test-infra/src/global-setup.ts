import { dockerAvailable, startNatsContainer, startPostgresContainer, type StartedService } from './containers.js';
import { DEFAULT_TEST_DATABASE_URL, DEFAULT_TEST_NATS_URL, isListening } from './endpoints.js';
import { startLocalNats, startLocalPostgres } from './local-servers.js';

const started: StartedService[] = [];

/**
 * Vitest global setup: finds the NATS and Postgres the tests use, once per run —
 * `PIPE_TEST_NATS_URL` / `PIPE_TEST_DATABASE_URL` when set, else the standard local ports, else
 * servers of the run's own (nats-server, installed from Debian's package when missing and allowed;
 * an embedded Postgres), else containers when Docker is available — and hands them to the test
 * workers through the env. So `npm test` needs nothing installed by hand.
 */
export async function setup(): Promise<void> {
  process.env.PIPE_TEST_NATS_URL = await resolve('PIPE_TEST_NATS_URL', DEFAULT_TEST_NATS_URL, 4222, startLocalNats, startNatsContainer);
  process.env.PIPE_TEST_DATABASE_URL = await resolve(
    'PIPE_TEST_DATABASE_URL',
    DEFAULT_TEST_DATABASE_URL,
    5432,
    startLocalPostgres,
    startPostgresContainer,
  );
}

export async function teardown(): Promise<void> {
  await Promise.all(started.map((service) => service.stop()));
}

async function resolve(
  variable: string,
  fallbackUrl: string,
  defaultPort: number,
  startLocal: () => Promise<StartedService>,
  startContainer: () => Promise<StartedService>,
): Promise<string> {
  const configured = process.env[variable];
  if (configured) return configured;
  if (await isListening(fallbackUrl, defaultPort)) return fallbackUrl;
  let localFailure: unknown;
  try {
    const service = await startLocal();
    started.push(service);
    return service.url;
  } catch (error) {
    localFailure = error;
  }
  if (dockerAvailable()) {
    const service = await startContainer();
    started.push(service);
    return service.url;
  }
  throw new Error(
    `Tests need a real server: nothing listens at ${fallbackUrl}, ${variable} is not set, no Docker engine was found, and ` +
      `starting one here failed (${localFailure instanceof Error ? localFailure.message : String(localFailure)}). ` +
      `Start one locally (bash .ci/run does), or set ${variable}.`,
    { cause: localFailure },
  );
}
