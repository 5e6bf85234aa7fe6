import { type CliCommand, UsageError } from '../command.js';
import { createProgress } from '../progress.js';
import { followSyncJobs, jobReport, parseSince, queueSync } from './sync.js';

export const syncCommand: CliCommand = {
  words: ['sync'],
  usage: '<team> [platform] [--repo o/r]… [--scope s]… [--full] [--since t] [--json|--detach]',
  summary:
    'backfill now: queue a sync job per repository (or scope) and follow it with a progress bar; --detach prints the job ids at once',
  arguments: [
    { name: 'team', description: 'the team slug' },
    { name: 'platform', description: 'one connected platform; leave out for every connected one with a backfill', optional: true },
  ],
  options: {
    repo: { type: 'string', multiple: true, value: 'owner/name', description: 'a GitHub repository to sync (repeat for more)' },
    scope: {
      type: 'string',
      multiple: true,
      value: 'id',
      description:
        'a scope of another platform: Slack channel id, Jira project, Linear team key, Discord server id or <server id>/<channel id>',
    },
    full: {
      type: 'boolean',
      default: false,
      description: 'a full pass over the window (SYNC_WINDOW_DAYS, default 90), which also removes what the platform deleted',
    },
    since: { type: 'string', value: 'date|30d', description: 'read what changed since a date, a date-time or a span back from now' },
    json: { type: 'boolean', default: false, description: 'print a final JSON report instead of the progress bar and lines' },
    detach: { type: 'boolean', default: false, description: 'queue the jobs and print their ids at once' },
  },
  examples: [
    { command: 'pipe sync acme github --repo acme/web', does: 'backfill one repository and follow it with a progress bar' },
    { command: 'pipe sync acme --full --since 2026-09-01 --json', does: 'a full pass of every connection since September, as JSON' },
    { command: 'pipe sync acme slack --scope C0123ABCD --detach', does: 'queue a Slack channel and print the job id' },
  ],
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
