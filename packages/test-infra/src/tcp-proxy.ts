import { type Server, type Socket, createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** When a {@link TcpProxy.drop} closes the connections. */
export interface DropOptions {
  /** Close once what was thrown away contains this text (e.g. `$JS.ACK`: a JetStream delivery was lost). */
  lostText?: string;
  /** Close after this long at most (default 200 ms; 10 s when `lostText` is given). */
  maxMs?: number;
}

/** A loopback TCP proxy a test can cut, to lose what is on the wire the way a dropped connection does. */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /**
   * Drops every connection through the proxy: what the server sends is thrown away (lost on the
   * wire, as when a connection dies with data in flight) while what the client sends still
   * arrives, then both ends are closed. Resolves with whether `lostText` was lost. New connections
   * pass again at once.
   */
  drop(options?: DropOptions): Promise<boolean>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  blackholed: boolean;
  lost: string;
}

/** Starts a proxy from a free loopback port to `127.0.0.1:<targetPort>`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    const pair: Pair = { client, upstream, blackholed: false, lost: '' };
    pairs.add(pair);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!pair.blackholed) client.write(chunk);
      else pair.lost = (pair.lost + chunk.toString('latin1')).slice(-100_000);
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    async drop(options = {}) {
      const dropped = [...pairs];
      for (const pair of dropped) pair.blackholed = true;
      const lostText = options.lostText;
      const deadline = Date.now() + (options.maxMs ?? (lostText ? 10_000 : 200));
      const lost = () => lostText !== undefined && dropped.some((pair) => pair.lost.includes(lostText));
      while (Date.now() < deadline && !lost()) await sleep(10);
      const found = lost();
      for (const pair of dropped) {
        pairs.delete(pair);
        pair.client.destroy();
        pair.upstream.destroy();
      }
      return found;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
