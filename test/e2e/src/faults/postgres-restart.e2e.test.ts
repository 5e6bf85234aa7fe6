import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createDb, createTeam, migrateToLatest } from '@pipe/db';
import { type PostgresCluster, type SourceService, startPostgresCluster, startSourceService } from '@pipe/test-infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuesOpened, signedGithubDelivery } from '../github-deliveries.js';

/** One delivery a platform made, with every answer it got (a platform retries a non-2xx). */
interface Sent {
  team: string;
  number: number;
  request: RequestInit;
  answers: { status: number; retryAfter: string | null; phase: Phase }[];
}

type Phase = 'before' | 'outage' | 'after';

/**
 * Issue 16, items 1, 3 and 9: Postgres — a cluster of the test's own — is stopped with `-m
 * immediate` under load and started again. The projector and the gateway (real processes) ride
 * it out by themselves; ingest answers what it cannot take with 503 and `Retry-After`, never 500,
 * and keeps verifying a known team's deliveries with the secret it read before the outage; once
 * the platform's retries are answered, every delivery answered 2xx is a row.
 */
describe('Postgres restarted under load', () => {
  let cluster: PostgresCluster;
  let bus: TestBus;
  let db: ReturnType<typeof createDb>;
  let ingest: SourceService;
  let projector: SourceService;
  let gateway: SourceService;
  const secrets: Record<string, string> = {};
  let apiKey = '';
  const repo = issuesOpened().repository.full_name;

  beforeAll(async () => {
    [cluster, bus] = await Promise.all([startPostgresCluster(), createTestBus()]);
    const databaseUrl = await cluster.createDatabase('pipe');
    db = createDb({ url: databaseUrl, poolSize: 2 });
    await migrateToLatest(db);
    const secretKey = randomBytes(32);
    const box = new SecretBox(secretKey);
    for (const team of ['acme', 'beta']) {
      const created = await createTeam(db, box, team, undefined, ['github']);
      secrets[team] = created.webhookSecrets.github as string;
      if (team === 'acme') apiKey = created.apiKey;
    }
    const env = {
      DATABASE_URL: databaseUrl,
      NATS_URL: bus.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: secretKey.toString('base64'),
      LOG_LEVEL: 'warn',
    };
    [ingest, projector, gateway] = await Promise.all([
      // A secret is read again after 200 ms, so the outage outlasts it: what ingest serves then is stale.
      startSourceService('services/ingest-github/src/main.ts', { ...env, INGEST_SECRET_TTL_MS: '200' }),
      startSourceService('services/projector/src/main.ts', env),
      startSourceService('services/gateway/src/main.ts', env),
    ]);
    // Three services started from source (tsx) on two shared cores take a while.
  }, 180_000);

  afterAll(async () => {
    await Promise.all([ingest?.stop(), projector?.stop(), gateway?.stop()]);
    await db?.destroy();
    await Promise.all([cluster?.destroy(), bus?.cleanup()]);
  }, 60_000);

  let next = 1;
  async function deliver(team: string, phase: () => Phase): Promise<Sent> {
    const payload = issuesOpened();
    payload.issue.number = next++;
    payload.issue.title = `Postgres restart probe ${payload.issue.number}`;
    const sent: Sent = {
      team,
      number: payload.issue.number,
      request: await signedGithubDelivery(secrets[team] as string, 'issues', payload),
      answers: [],
    };
    await answer(sent, phase());
    return sent;
  }
  async function answer(sent: Sent, phase: Phase): Promise<void> {
    // Status 0: no answer at all (the service is gone).
    const response = await fetch(`${ingest.baseUrl}/webhooks/github/${sent.team}`, sent.request).catch(() => null);
    await response?.arrayBuffer();
    sent.answers.push({ status: response?.status ?? 0, retryAfter: response?.headers.get('retry-after') ?? null, phase });
  }
  const accepted = (sent: Sent) => sent.answers.some((a) => a.status >= 200 && a.status < 300);
  const ready = async (service: SourceService) => (await fetch(`${service.baseUrl}/ready`).catch(() => null))?.status === 200;

  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  it('loses no acknowledged delivery, answers 503 with Retry-After meanwhile, and needs no restart', async () => {
    let phase: Phase = 'before';
    const sent: Sent[] = [];
    // acme's secret is read before the outage; beta sends its first delivery during it.
    for (let i = 0; i < 20; i++) sent.push(await deliver('acme', () => phase));
    await until('the projector applying the first deliveries', async () => (await issueRows()).size >= 5);

    // Load from four senders while Postgres goes away and comes back.
    let sending = true;
    const sender = async (team: string) => {
      while (sending) sent.push(await deliver(team, () => phase));
    };
    const senders = [sender('acme'), sender('acme'), sender('acme')];
    await sleep(300);
    phase = 'outage';
    await cluster.stop('immediate');
    senders.push(sender('beta'));
    // Long enough for the projector's and gateway's pooled connections to find out, and past ingest's 200 ms secret TTL.
    await sleep(3000);
    const projectorReadyDuringOutage = await fetch(`${projector.baseUrl}/ready`).then(
      (r) => r.status,
      () => 0,
    );
    // Ingest stays ready while it verifies known teams from memory (INGEST_SECRET_MAX_STALE_MS, 5 minutes by default).
    const ingestReadyDuringOutage = await fetch(`${ingest.baseUrl}/ready`).then(
      (r) => r.status,
      () => 0,
    );
    await cluster.start();
    phase = 'after';
    await sleep(1000);
    sending = false;
    await Promise.all(senders);

    // The platforms retry what was not answered 2xx (after Retry-After; here at once).
    await until('every delivery answered 2xx on a retry', async () => {
      for (const delivery of sent.filter((s) => !accepted(s))) await answer(delivery, 'after');
      return sent.every(accepted);
    });

    const during = sent.flatMap((s) => s.answers).filter((a) => a.phase === 'outage');
    expect(during.length).toBeGreaterThan(0);
    // Never a 500 (nor no answer): a dependency that is down is a 503 the platform retries.
    expect(sent.flatMap((s) => s.answers).filter((a) => a.status === 0 || (a.status >= 500 && a.status !== 503))).toEqual([]);
    for (const refused of sent.flatMap((s) => s.answers).filter((a) => a.status === 503)) expect(refused.retryAfter).toMatch(/^\d+$/);
    // beta was never read before the outage: its deliveries then were refused with 503, not 500 or 401.
    expect(sent.filter((s) => s.team === 'beta' && s.answers[0]?.phase === 'outage').map((s) => s.answers[0]?.status)).toContain(503);
    // acme's secret, read before, still verified its deliveries after its TTL ran out in the outage.
    expect(during.filter((a) => a.status === 202).length).toBeGreaterThan(0);
    expect(projectorReadyDuringOutage).toBe(503);
    expect(ingestReadyDuringOutage).toBe(200);

    // Every delivery answered 2xx becomes a row, with no restart of any service.
    const expected = new Set(sent.map((s) => `${s.team}/github:issue:${repo}#${s.number}`));
    await until('every acknowledged delivery stored as a row', async () => (await issueRows()).size === expected.size);
    expect(await issueRows()).toEqual(expected);
    await until('the projector ready again', () => ready(projector));
    await until('the gateway ready again', () => ready(gateway));
    expect([ingest.running(), projector.running(), gateway.running()]).toEqual([true, true, true]);

    // The gateway answers from the restarted Postgres over the pool it had before.
    const client = new Client({ name: 'fault-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gateway.baseUrl}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
      }),
    );
    const last = sent.filter((s) => s.team === 'acme').at(-1) as Sent;
    const item = await client.callTool({ name: 'get_item', arguments: { id: `github:issue:${repo}#${last.number}` } });
    await client.close();
    expect(item.isError).toBeFalsy();
    expect(JSON.stringify(item.structuredContent)).toContain(`Postgres restart probe ${last.number}`);
  }, 180_000);

  async function issueRows(): Promise<Set<string>> {
    const rows = await db.selectFrom('items').select(['team', 'id']).where('kind', '=', 'issue').execute();
    return new Set(rows.map((row) => `${row.team}/${row.id}`));
  }
});
