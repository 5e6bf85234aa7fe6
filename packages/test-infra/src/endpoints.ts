import { createConnection } from 'node:net';

/** Where the tests' NATS and Postgres are. */
export interface TestEndpoints {
  natsUrl: string;
  /** A server-level URL; each test makes its own database on it. */
  databaseUrl: string;
}

/** The defaults when nothing is configured: the services on their standard local ports. */
export const DEFAULT_TEST_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** True when something accepts TCP connections on the URL's host and port. */
export function isListening(url: string, defaultPort: number, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
