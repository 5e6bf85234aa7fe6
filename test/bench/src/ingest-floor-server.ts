import { createServer } from 'node:http';
import { verify } from '@octokit/webhooks-methods';
import { connectBus } from '@pipe/bus';

/**
 * The ingest benchmark's floors, each a process of its own like an ingest service, on bare
 * `node:http` (no framework). FLOOR_MODE says how much of an ingest service's work it does
 * before answering 202:
 * - `answer`: reads the body, nothing else;
 * - `publish`: publishes the body once to JetStream and waits for the ack — the least any
 *   ingest that answers "stored" can do;
 * - `verify-publish`: checks the GitHub signature and parses the JSON first, as every ingest
 *   must before it may store a delivery.
 * No ingest service can accept webhooks faster than these on the same machine and load generator.
 */
const mode = process.env.FLOOR_MODE ?? 'answer';
const subject = process.env.FLOOR_SUBJECT ?? 'bench.floor';
const secret = process.env.FLOOR_SECRET ?? '';
const bus =
  mode === 'answer'
    ? null
    : await connectBus({ url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'pipe-bench-floor', asyncTraces: false });

async function handle(body: Buffer, headers: Record<string, string | string[] | undefined>): Promise<number> {
  if (mode === 'verify-publish') {
    if (!(await verify(secret, body.toString('utf8'), String(headers['x-hub-signature-256'])))) return 401;
    JSON.parse(body.toString('utf8'));
  }
  if (bus) await bus.js.publish(subject, body, { msgID: String(headers['x-github-delivery']) });
  return 202;
}

const answer = Buffer.from('{"accepted":true}');
const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (part: Buffer) => parts.push(part));
  req.on('end', () => {
    handle(Buffer.concat(parts), req.headers).then(
      (status) => {
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': answer.length });
        res.end(answer);
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
});
server.listen(Number(process.env.PORT ?? 17409), '127.0.0.1', () => process.send?.('listening'));
process.on('SIGTERM', async () => {
  server.close();
  await bus?.nc.close();
  process.exit(0);
});
