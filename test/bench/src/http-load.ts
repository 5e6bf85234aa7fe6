import { Agent, request } from 'node:http';

/** One POST to send: its headers (the body is shared). */
export type RequestFactory = () => Record<string, string>;

/** What a load run measured. */
export interface LoadResult {
  /** Answered 2xx. */
  ok: number;
  /** Answered otherwise (status → count). */
  failed: Record<number, number>;
  seconds: number;
  /** Latency of each 2xx answer (ms). */
  latencies: number[];
}

/** POSTs `body` over a keep-alive connection and resolves with the status once the answer is read. */
export function post(agent: Agent, url: URL, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function record(result: LoadResult, status: number, started: number): void {
  if (status >= 200 && status < 300) {
    result.ok += 1;
    result.latencies.push(performance.now() - started);
  } else result.failed[status] = (result.failed[status] ?? 0) + 1;
}

/** Closed loop: `connections` clients, each sending its next request as soon as the last is answered. */
export async function closedLoop(url: URL, body: Buffer, next: RequestFactory, connections: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const result: LoadResult = { ok: 0, failed: {}, seconds, latencies: [] };
  const deadline = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      record(result, await post(agent, url, body, next()), started);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: connections }, client));
  result.seconds = (performance.now() - began) / 1000;
  agent.destroy();
  return result;
}

/**
 * Open loop: requests start on a fixed schedule (`rate` per second) whatever the answers do, so a
 * slow answer shows as latency instead of slowing the offered load (no coordinated omission:
 * latency is measured from when the request was due).
 */
export async function openLoop(
  url: URL,
  body: Buffer,
  next: RequestFactory,
  rate: number,
  seconds: number,
  maxConnections = 256,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: maxConnections });
  const result: LoadResult = { ok: 0, failed: {}, seconds, latencies: [] };
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const began = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = began + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(post(agent, url, body, next()).then((status) => record(result, status, due)));
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - began) / 1000;
  agent.destroy();
  return result;
}
