process.env.PIPE_TEST_NATS_URL ??= 'nats://127.0.0.1:4222';
process.env.PIPE_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
const { sign } = await import('@octokit/webhooks-methods');
const { createTestBus } = await import('@pipe/bus/testing');
const { SecretBox, createTeam } = await import('@pipe/db');
const { createTestDb } = await import('@pipe/db/testing');
const { openLoop, closedLoop } = await import('/work/main/test/bench/src/http-load.ts');
const [bus, t] = await Promise.all([createTestBus(), createTestDb()]);
const key = randomBytes(32);
const secret = (await createTeam(t.db, new SecretBox(key), 'bench')).webhookSecrets.github;
const defs = createRequire('/work/main/test/bench/src/x.js')('@octokit/webhooks-examples');
const body = Buffer.from(JSON.stringify(defs.find((d) => d.name === 'issues').examples.find((e) => e.action === 'opened')));
const signature = await sign(secret, body.toString());
const next = () => ({ 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signature });
const svc = spawn(process.execPath, ['--import', 'tsx', '--conditions=@pipe/source', 'services/ingest-github/src/main.ts'], { cwd: '/work/main', stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PORT: '17402', NATS_URL: bus.url, DATABASE_URL: t.url, PIPE_NAMESPACE: bus.namespace, PIPE_SECRET_KEY: key.toString('base64'), LOG_LEVEL: 'warn' } });
for (;;) { if (await fetch('http://127.0.0.1:17402/ready').then((r) => r.ok, () => false)) break; await sleep(100); }
const url = new URL('http://127.0.0.1:17402/webhooks/github/bench');
await closedLoop(url, body, next, 64, 3);
for (const rate of [200, 500, 1000]) {
  const r = await openLoop(url, body, next, rate, 8);
  const s = [...r.latencies].sort((a, b) => a - b);
  const q = (x) => s[Math.floor(x * (s.length - 1))].toFixed(1);
  console.log(rate, 'p50', q(0.5), 'p90', q(0.9), 'p99', q(0.99), 'p999', q(0.999), 'max', s.at(-1).toFixed(1), JSON.stringify(r.failed));
}
svc.kill('SIGTERM'); await new Promise((r) => svc.once('exit', r));
await Promise.all([bus.cleanup(), t.cleanup()]);
process.exit(0);
