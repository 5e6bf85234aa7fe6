import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { sign } from '@octokit/webhooks-methods';
import { type Bus, connectBus, provisionStreams, streamNames } from '@pipe/bus';
import { SecretBox, createDb, createTeam, migrateToLatest } from '@pipe/db';
import { type PipeProcess, issuesOpened, startPipeProcess } from '@pipe/e2e';
import { announcedChanges } from '@pipe/projector/testing';
import { startNatsServer, startPostgresCluster } from '@pipe/test-infra';

const run = promisify(execFile);
const REPOSITORY = 'Codertocat/Hello-World';

/** One delivery as a platform sends it: the same delivery id and body on every retry. */
interface Delivery {
  issue: number;
  id: string;
  body: string;
  signature: string;
  attempts: number;
  acknowledged: boolean;
}

/**
 * `pnpm bench chaos`: thousands of signed GitHub deliveries while every service is killed with -9
 * in turn (and started again), NATS is killed and restarted, and Postgres is stopped with
 * `-m immediate` and restarted — all servers of the bench's own (a nats-server and a Postgres
 * cluster on other ports), never the shared ones. Senders behave like a platform: a delivery that
 * is not answered 2xx is sent again, same id and body, after a short pause. Then `pipe replay
 * --verify` rebuilds the model from the log and compares. Prints what was sent, acknowledged,
 * stored, announced, lost and doubled.
 */
export async function chaosBench(): Promise<void> {
  // At least this many deliveries; more when the faults take longer than sending them.
  const deliveries = Number(process.env.BENCH_DELIVERIES ?? 3000);
  const senders = Number(process.env.BENCH_SENDERS ?? 4);
  const started = Date.now();
  const nats = await startNatsServer();
  const postgres = await startPostgresCluster();
  const services: PipeProcess[] = [];
  let bus: Bus | undefined;
  try {
    const databaseUrl = await postgres.createDatabase('pipe');
    const key = randomBytes(32);
    const db = createDb({ url: databaseUrl, poolSize: 2, applicationName: 'chaos-bench' });
    await migrateToLatest(db);
    const team = await createTeam(db, new SecretBox(key), 'acme', 'acme', ['github']);
    await db.destroy();
    const secret = team.webhookSecrets.github as string;
    const names = streamNames('chaos');
    bus = await connectBus({ url: nats.url, name: 'chaos-bench' });
    await provisionStreams(bus.jsm, names);
    const env = {
      NATS_URL: nats.url,
      DATABASE_URL: databaseUrl,
      PIPE_NAMESPACE: 'chaos',
      PIPE_SECRET_KEY: key.toString('base64'),
      LOG_LEVEL: 'error',
    };
    const roles = ['ingest-github', 'ingest-github', 'projector', 'gateway'];
    services.push(...(await Promise.all(roles.map((role) => startPipeProcess(role, env)))));
    await Promise.all(services.map((s) => s.ready(120_000)));
    log(`stack up in ${seconds(started)}: nats ${nats.url}, postgres ${postgres.url}`);

    // Deliveries are made while the faults run (at least `deliveries` of them), each signed once,
    // so that a retry is the same delivery; each sender paces itself a little.
    const all: Delivery[] = [];
    const retries: Delivery[] = [];
    let faultsDone = false;
    const next = async (): Promise<Delivery | undefined> => {
      const retry = retries.shift();
      if (retry) return retry;
      if (faultsDone && all.length >= deliveries) return undefined;
      const issue = all.length + 1;
      const payload = issuesOpened();
      payload.issue.number = issue;
      payload.issue.title = `Chaos issue ${issue}`;
      const body = JSON.stringify(payload);
      const delivery = { issue, id: randomUUID(), body, signature: '', attempts: 0, acknowledged: false };
      all.push(delivery);
      delivery.signature = await sign(secret, body);
      return delivery;
    };
    const statuses = new Map<number, number>();
    const ingestUrls = () => services.filter((s) => s.service === 'ingest-github').map((s) => `${s.baseUrl}/webhooks/github/acme`);
    const send = async (delivery: Delivery, n: number): Promise<void> => {
      const urls = ingestUrls();
      delivery.attempts += 1;
      const status = await fetch(urls[n % urls.length] as string, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'issues',
          'x-github-delivery': delivery.id,
          'x-hub-signature-256': delivery.signature,
        },
        body: delivery.body,
      }).then(
        (r) => r.status,
        () => 0,
      );
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) delivery.acknowledged = true;
      else {
        // A platform retries later (scaled down from its minutes to keep the bench short).
        await sleep(200);
        retries.push(delivery);
      }
    };
    let sent = 0;
    const paceMs = Number(process.env.BENCH_PACE_MS ?? 15);
    const sending = Promise.all(
      Array.from({ length: senders }, async () => {
        for (;;) {
          const delivery = await next();
          if (!delivery) {
            if (retries.length === 0 && all.every((d) => d.acknowledged)) return;
            await sleep(50);
            continue;
          }
          await send(delivery, sent++);
          await sleep(paceMs);
        }
      }),
    );

    // The faults, one after another while the deliveries flow.
    const faults: string[] = [];
    const pause = () => sleep(Number(process.env.BENCH_FAULT_PAUSE_MS ?? 3000));
    await pause();
    for (const [i, service] of services.entries()) {
      await service.kill();
      faults.push(`kill -9 ${service.service}`);
      await sleep(500);
      const replacement = await startPipeProcess(service.service, env);
      services[i] = replacement;
      await replacement.ready(120_000);
      await pause();
    }
    await nats.kill();
    faults.push('kill -9 nats-server, 3 s down');
    await sleep(3000);
    await nats.start();
    await pause();
    await postgres.stop('immediate');
    faults.push('pg_ctl stop -m immediate, 3 s down');
    await sleep(3000);
    await postgres.start();
    await pause();
    faultsDone = true;
    log(`faults done at ${seconds(started)} (${all.length} deliveries made): ${faults.join('; ')}`);
    await sending;
    log(`every delivery acknowledged at ${seconds(started)}; waiting for the projector and the outbox`);

    // Drained: every acknowledged delivery applied and every notice out of the outbox.
    const check = createDb({ url: databaseUrl, poolSize: 2, applicationName: 'chaos-check' });
    let stored = new Set<number>();
    for (let i = 0; i < 480; i++) {
      const rows = await check.selectFrom('items').select('id').where('kind', '=', 'issue').execute();
      stored = new Set(rows.map((row) => Number(row.id.split('#')[1])));
      const outbox = await check.selectFrom('change_outbox').select('id').limit(1).execute();
      if (all.every((d) => !d.acknowledged || stored.has(d.issue)) && outbox.length === 0) break;
      await sleep(250);
    }
    await check.destroy();
    const acknowledged = all.filter((d) => d.acknowledged);
    const notices = (await announcedChanges(bus, names)).filter(({ notice }) => notice.projection === 'projector');
    const announcedItems = new Set(notices.flatMap(({ notice }) => notice.changes.map((c) => c.itemId)));
    const noticeIds = notices.map(({ notice }) => `${notice.team}:${notice.eventSeq}`);
    const events = await issueEventsPerDelivery(bus, names.events);
    const doubledEvents = [...events.values()].filter((count) => count > 1).length;
    const doubledNotices = noticeIds.length - new Set(noticeIds).size;
    const announced = acknowledged.filter((d) => announcedItems.has(`github:issue:${REPOSITORY}#${d.issue}`)).length;

    const verify = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=@pipe/source', 'packages/cli/src/bin.ts', 'replay', '--verify', '--json'],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
    ).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    const identical = /"identical":\s*true/.test(verify);
    if (process.env.BENCH_DEBUG) {
      const info = await bus.jsm.streams.info(names.events);
      const debugDb = createDb({ url: databaseUrl, poolSize: 1, applicationName: 'chaos-debug' });
      const checkpoints = await debugDb.selectFrom('checkpoints').selectAll().execute();
      await debugDb.destroy();
      log(`PIPE_EVENTS ${JSON.stringify(info.state)} created ${info.created}`);
      log(`checkpoints ${JSON.stringify(checkpoints)}`);
      log(`issue events in the log: ${events.size}`);
      log(verify.slice(0, 3000));
    }

    console.log(`chaos: ${deliveries} deliveries, ${senders} senders, ${seconds(started)} (node ${process.version})`);
    console.log(`faults: ${faults.join('; ')}`);
    console.log(
      `answers: ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status === 0 ? 'refused' : status} ×${n}`)
        .join(', ')}`,
    );
    console.log(`sent         ${all.length} deliveries (${all.reduce((n, d) => n + d.attempts, 0)} attempts)`);
    console.log(`acknowledged ${acknowledged.length}`);
    console.log(`stored       ${acknowledged.filter((d) => stored.has(d.issue)).length}`);
    console.log(`announced    ${announced}`);
    console.log(`lost         ${acknowledged.filter((d) => !stored.has(d.issue)).length} (acknowledged, not a row)`);
    console.log(`unannounced  ${acknowledged.length - announced}`);
    console.log(`doubled      ${doubledEvents} deliveries stored twice in PIPE_EVENTS, ${doubledNotices} notices announced twice`);
    console.log(`pipe replay --verify: ${identical ? 'identical' : `DIFFERENT\n${verify.slice(0, 2000)}`}`);
    const dead = services.filter((s) => !s.alive());
    if (dead.length > 0) console.log(`exited by themselves: ${dead.map((s) => `${s.service}\n${s.output().slice(-1500)}`).join('\n')}`);
  } finally {
    await bus?.nc.close().catch(() => undefined);
    await Promise.all(services.map((s) => s.kill()));
    await nats.cleanup();
    await postgres.destroy();
  }
}

/** How many `item.observed` events of an issue each delivery id put in the log. */
async function issueEventsPerDelivery(bus: Bus, stream: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const { state } = await bus.jsm.streams.info(stream);
  const consumer = await bus.js.consumers.get(stream, { deliver_policy: 'all' as never });
  const messages = await consumer.fetch({ max_messages: state.messages, expires: 10_000 });
  let seen = 0;
  for await (const msg of messages) {
    seen += 1;
    const event = msg.json<{ type: string; source?: { deliveryId?: string }; data?: { item?: { kind?: string } } }>();
    if (event.type === 'item.observed' && event.data?.item?.kind === 'issue') {
      const id = event.source?.deliveryId ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    if (seen >= state.messages) break;
  }
  return counts;
}

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string): void => void process.stderr.write(`${line}\n`);
