import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sign } from '@octokit/webhooks-methods';
import { provisionSyncQueue, publishSyncJob, syncQueueNames } from '@pipe/bus';
import { createTestBus } from '@pipe/bus/testing';
import { SecretBox, createSyncJob, createTeam, saveSyncConnection, syncJobStart } from '@pipe/db';
import { createTestDb } from '@pipe/db/testing';
import { DEFAULT_SYNC_WINDOW_DAYS } from '@pipe/config';
import { GENERATED_SECRET_PLATFORMS } from '@pipe/platforms';
import { generateRepository, startFakeGithubApi } from '@pipe/platforms/testing';
import { runProjector } from '@pipe/projector';
import { sql } from 'kysely';
import pino from 'pino';
import { cpuMeter, machineMeter, pidOf } from './process-cpu.js';
import { startServiceProcess } from './service-process.js';

const REPOSITORIES = 10;

/**
 * `pnpm bench sync`: a stand-in GitHub organisation of `BENCH_SYNC_RECORDS` (default 100,000)
 * issues, pull requests and comments, served by a local server with no think time, backfilled by
 * the sync service (its built `dist/main.js`, default settings) into one team — and the same
 * records sent as signed webhooks through ingest-github into another team, in the same run, with
 * the same projector. Prints items made searchable per second for each path and the sync
 * service's resident memory: at a tenth of the way and at its peak (flat means pages are streamed).
 */
export async function syncBench(
  records = Number(process.env.BENCH_SYNC_RECORDS ?? 100_000),
  mode: 'incremental' | 'full' = process.env.BENCH_SYNC_MODE === 'full' ? 'full' : 'incremental',
): Promise<void> {
  const perRepo = Math.ceil(records / REPOSITORIES / 2);
  const repos = Array.from({ length: REPOSITORIES }, (_, n) =>
    generateRepository({
      fullName: `stand-in/repo-${n}`,
      issues: perRepo,
      pullRequestEvery: 4,
      commentsPerIssue: 1,
      start: new Date(Date.now() - 60 * 86_400_000),
    }),
  );
  const expected = repos.reduce((sum, repo) => sum + repo.issues.length + repo.comments.length, 0);
  const api = await startFakeGithubApi({ repos, tokens: { ghp_bench: 'bench-bot' } });
  const [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
  const key = randomBytes(32);
  const box = new SecretBox(key);
  await createTeam(t.db, box, 'backfill');
  const hooks = await createTeam(t.db, box, 'hooks', undefined, GENERATED_SECRET_PLATFORMS);
  await saveSyncConnection(t.db, box, { team: 'backfill', platform: 'github', token: 'ghp_bench', apiUrl: api.url, account: 'bench-bot' });
  const env = { DATABASE_URL: t.url, NATS_URL: bus.url, PIPE_NAMESPACE: bus.namespace, PIPE_SECRET_KEY: key.toString('base64') };
  const stopProjector = new AbortController();
  const projector = runProjector({ db: t.db, bus, names: bus.names, logger: pino({ level: 'silent' }) }, stopProjector.signal);
  // The Postgres processes serving this run's database, for the CPU each path costs per item.
  const database = new URL(t.url).pathname.slice(1);
  const postgresBackends = (): Record<string, number> => {
    try {
      const pids = execFileSync('pgrep', ['-f', `postgres: .* ${database} `], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean);
      return Object.fromEntries(pids.map((pid) => [`pg${pid}`, Number(pid)]));
    } catch {
      return {};
    }
  };
  const searchable = async (team: string) =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from items where team = ${team} and kind in ('issue', 'pull_request', 'comment') and search is not null`.execute(
          t.db,
        )
      ).rows[0]?.n ?? 0,
    );
  const waitFor = async (team: string, onTick?: (found: number) => void) => {
    for (;;) {
      const found = await searchable(team);
      onTick?.(found);
      if (process.stdout.isTTY) process.stdout.write(`\r${team}: ${found.toLocaleString('en-US')}/${expected.toLocaleString('en-US')}`);
      if (found >= expected) return;
      await sleep(250);
    }
  };

  try {
    // The backfill: one job per repository, queued at once, taken by the sync service SYNC_CONCURRENCY (8) at a time.
    // BENCH_SYNC_NODE_OPTIONS: V8 flags for the sync service alone (a heap cap, say), printed with the figures.
    const nodeOptions = process.env.BENCH_SYNC_NODE_OPTIONS ?? '';
    const sync = await startServiceProcess('sync', {
      ...env,
      SYNC_INTERVAL_MS: '3600000',
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    });
    await provisionSyncQueue(bus.jsm, bus.names, { ackWaitMs: 60_000 });
    // The floor of its memory: the service started, modules loaded, no job yet.
    await sleep(3000);
    const idleRss = sync.rss();
    let peakRss = 0;
    // Resident memory when a tenth, half and all of the records are searchable: flat means streamed.
    const marks = [0.1, 0.5, 1].map((share) => ({ share, rss: 0 }));
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, sync.rss());
    }, 100);
    const syncCpu = cpuMeter({ service: sync.pid, bench: process.pid, nats: pidOf('nats-server'), ...postgresBackends() });
    const syncMachine = machineMeter();
    const syncStart = performance.now();
    for (const repo of repos) {
      // What `pipe sync backfill github --repo …` queues for a first sync (BENCH_SYNC_MODE=full: the weekly full pass).
      const { job } = await createSyncJob(t.db, {
        team: 'backfill',
        platform: 'github',
        scope: repo.fullName,
        mode,
        since: syncJobStart({ mode, highWater: null, windowDays: DEFAULT_SYNC_WINDOW_DAYS }),
      });
      await publishSyncJob(bus.js, bus.names, job);
    }
    await waitFor('backfill', (found) => {
      for (const mark of marks) if (mark.rss === 0 && found >= expected * mark.share) mark.rss = sync.rss();
    });
    const syncSeconds = (performance.now() - syncStart) / 1000;
    const syncCores = syncCpu.stop();
    const syncBusy = syncMachine.stop();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, sync.rss());
    await sync.stop();

    // The same records as signed webhooks (issues.opened, issue_comment.created), 64 in flight.
    const ingest = await startServiceProcess('ingest-github', env);
    const url = `${ingest.baseUrl}/webhooks/github/hooks`;
    const secret = hooks.webhookSecrets.github as string;
    const pages: { event: string; payload: unknown }[][] = [];
    for (const repo of repos) {
      const repository = await (await fetch(`${api.url}/repos/${repo.fullName}`, { headers: { authorization: 'token ghp_bench' } })).json();
      const issues = new Map<number, unknown>();
      for (const path of ['issues?state=all', 'issues/comments?x=1']) {
        for (let page = 1; ; page++) {
          const response = await fetch(`${api.url}/repos/${repo.fullName}/${path}&per_page=100&page=${page}`, {
            headers: { authorization: 'token ghp_bench' },
          });
          const items = (await response.json()) as Record<string, unknown>[];
          if (items.length === 0) break;
          pages.push(
            items.map((item) => {
              if (path.startsWith('issues?')) {
                issues.set(item.number as number, item);
                const pullRequest = item.pull_request as { merged_at?: string | null } | undefined;
                // A pull request arrives as GitHub sends it: a pull_request event (the issues view of one is only its conversation).
                if (pullRequest)
                  return {
                    event: 'pull_request',
                    payload: {
                      action: 'opened',
                      pull_request: { ...item, merged_at: pullRequest.merged_at ?? null },
                      repository,
                      sender: item.user,
                    },
                  };
                return { event: 'issues', payload: { action: 'opened', issue: item, repository, sender: item.user } };
              }
              const issue = issues.get(Number(/\/(\d+)$/.exec(String(item.issue_url))?.[1]));
              return { event: 'issue_comment', payload: { action: 'created', issue, comment: item, repository, sender: item.user } };
            }),
          );
          if (!response.headers.get('link')?.includes('rel="next"')) break;
        }
      }
    }
    const deliveries = pages.flat();
    const hooksCpu = cpuMeter({ service: ingest.pid, bench: process.pid, nats: pidOf('nats-server'), ...postgresBackends() });
    const hooksMachine = machineMeter();
    const hooksStart = performance.now();
    let next = 0;
    const sender = async () => {
      while (next < deliveries.length) {
        const { event, payload } = deliveries[next++] as { event: string; payload: unknown };
        const body = JSON.stringify(payload);
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': event,
            'x-github-delivery': randomBytes(16).toString('hex'),
            'x-hub-signature-256': await sign(secret, body),
          },
          body,
        });
        if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 64 }, sender));
    await waitFor('hooks');
    const hooksSeconds = (performance.now() - hooksStart) / 1000;
    const hooksCores = hooksCpu.stop();
    const hooksBusy = hooksMachine.stop();
    await ingest.stop();
    if (process.stdout.isTTY) process.stdout.write('\r\u001b[K');

    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)}${value}`);
    const cores = (used: Record<string, number>, busy: { busy: number } | null, service: string, bench: string) =>
      `${service} ${used.service?.toFixed(2) ?? '?'}, ${bench} ${used.bench?.toFixed(2) ?? '?'}, nats-server ${used.nats?.toFixed(2) ?? '?'}, Postgres ${Object.entries(
        used,
      )
        .reduce((sum, [name, cores]) => (name.startsWith('pg') ? sum + cores : sum), 0)
        .toFixed(2)}; machine ${busy ? `${Math.round(busy.busy * 100)} % busy` : '?'}`;
    console.log(
      `sync: ${expected.toLocaleString('en-US')} issues, pull requests and comments in ${REPOSITORIES} repositories, served locally (node ${process.version})`,
    );
    line(
      `backfill (services/sync, ${nodeOptions || 'defaults'}, ${mode})`,
      `${(expected / syncSeconds).toFixed(0).padStart(7)} items searchable/s  (${syncSeconds.toFixed(1)} s)`,
    );
    line(
      'baseline: signed webhooks through ingest',
      `${(expected / hooksSeconds).toFixed(0).padStart(7)} items searchable/s  (${hooksSeconds.toFixed(1)} s, 64 in flight)`,
    );
    line('backfill ÷ webhooks', `${(hooksSeconds / syncSeconds).toFixed(2)}×`);
    line(
      'sync service RSS',
      `${mb(idleRss)} idle before the first job (the floor), ${marks.map((mark) => `${mb(mark.rss)} at ${mark.share * 100} %`).join(', ')}; ${mb(peakRss)} at its peak`,
    );
    // CPU per item, summed over the processes each path runs on (its service, the bench process, nats-server and
    // this database's Postgres backends): on a shared machine the rate follows what others leave; this does not.
    const perItem = (used: Record<string, number>, seconds: number) =>
      `${((Object.values(used).reduce((sum, cores) => sum + cores, 0) * seconds * 1000) / expected).toFixed(2)} ms`;
    line('CPU per item: backfill, webhooks', `${perItem(syncCores, syncSeconds)}, ${perItem(hooksCores, hooksSeconds)}`);
    line('cores used, backfill', cores(syncCores, syncBusy, 'sync service', 'bench process (projector, stand-in API)'));
    line('cores used, webhooks', cores(hooksCores, hooksBusy, 'ingest-github', 'bench process (projector, senders)'));
  } finally {
    stopProjector.abort();
    await projector;
    await api.close();
    await bus.jsm.streams.delete(syncQueueNames(bus.names).stream).catch(() => undefined);
    await Promise.all([bus.cleanup(), t.cleanup()]);
  }
}
