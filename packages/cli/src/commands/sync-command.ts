import { type CliCommand, UsageError } from '../command.js';
import { createProgress } from '../progress.js';
import { followSyncJobs, jobReport, parseSince, queueSync } from './sync.js';

export const syncCommand: CliCommand = {
  words: ['sync'],
  usage: '<team> [platform] [--repo owner/name]… [--scope <channel id…>]… [--full] [--since <date|30d>] [--json] [--detach]',
  summary:
    'backfill now: queue a sync job per repository (or scope) and follow it with a progress bar; --detach prints the job ids at once',
  options: {
    repo: { type: 'string', multiple: true },
    scope: { type: 'string', multiple: true },
    full: { type: 'boolean', default: false },
    since: { type: 'string' },
    json: { type: 'boolean', default: false },
    detach: { type: 'boolean', default: false },
  },
  async run({ config, args, values, out }) {
    const [team, platform] = args;
    if (!team) throw new UsageError('the team is required');
    const queued = await queueSync(config, {
      team,
      platform: platform ?? null,
      scopes: [...((values.repo as string[] | undefined) ?? []), ...((values.scope as string[] | undefined) ?? [])],
      full: values.full === true,
      since: typeof values.since === 'string' ? parseSince(values.since) : null,
    });
    if (values.detach) {
      out.stdout.write(
        values.json
          ? `${JSON.stringify({ team, jobs: queued }, null, 2)}\n`
          : `${queued.map((job) => `${job.id}  ${job.platform} ${job.scope} (${job.mode})`).join('\n')}\n`,
      );
      return 0;
    }
    if (!values.json)
      for (const job of queued)
        out.stderr.write(
          `${job.created ? 'queued' : 'following'} ${job.id}: ${job.platform} ${job.scope} (${job.mode} since ${job.since})\n`,
        );
    const progress = values.json
      ? null
      : createProgress(out.stderr as { write(text: string): unknown; isTTY?: boolean }, 5000, { name: 'pages', rate: 'pages/s' });
    const jobs = await followSyncJobs(
      config,
      team,
      queued.map((job) => job.id),
      (latest) => {
        const pages = latest.reduce((sum, job) => sum + job.pages, 0);
        const expected = latest.reduce((sum, job) => sum + Math.max(job.pages, job.expectedPages ?? job.pages), 0);
        const items = latest.reduce((sum, job) => sum + job.items, 0);
        const paused = latest.filter((job) => job.state === 'paused').length;
        progress?.update(`sync ${items.toLocaleString('en-US')} items${paused ? ` (${paused} paused)` : ''}`, pages, expected);
      },
    );
    progress?.done();
    const failed = jobs.filter((job) => job.state === 'failed');
    if (values.json) out.stdout.write(`${JSON.stringify({ team, jobs: jobs.map(jobReport) }, null, 2)}\n`);
    else {
      for (const job of jobs)
        out.stdout.write(
          `${job.state === 'done' ? 'synced' : 'FAILED'} ${job.platform} ${job.scope}: ${job.items} items stored, ${job.unchanged} unchanged, ${job.pages} pages${job.error ? ` — ${job.error}` : ''}\n`,
        );
    }
    return failed.length > 0 ? 1 : 0;
  },
};
