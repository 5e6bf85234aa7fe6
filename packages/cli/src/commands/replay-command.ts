import { createDb } from '@pipe/db';
import type { Bus, StreamNames } from '@pipe/bus';
import { dbLookups } from '@pipe/ingest-kit';
import { PLATFORMS } from '@pipe/platforms';
import {
  type RenormalizeReport,
  type ReplayMode,
  type ReplayReport,
  dropReplaySchema,
  listReplaySchemas,
  platformNormalizers,
  renormalize,
  replay,
} from '@pipe/replay';
import type { Progress } from '../progress.js';
import { type CliCommand, type CliOutput, UsageError } from '../command.js';
import { withBus } from '../connect-stack.js';
import { isoTime, positiveInteger, teamSlug } from '../option-values.js';
import { createProgress } from '../progress.js';
import { requireTeam } from '../require-team.js';
import { databaseUrlFor } from '../stack-file.js';

export const replayCommand: CliCommand = {
  words: ['replay'],
  usage: '[--verify | --dry-run | --renormalize] [--team T] [--from-*, --to-* …] [--json]',
  summary: 'rebuild the read models from the log into a fresh schema, then swap (or verify, or build "as of")',
  options: {
    verify: {
      type: 'boolean',
      default: false,
      description: 'rebuild and compare with the live model, table by table; swap nothing (exit 1 if they differ)',
    },
    'dry-run': { type: 'boolean', default: false, description: 'rebuild and show what a swap would change; swap nothing' },
    renormalize: {
      type: 'boolean',
      default: false,
      description: "first re-run today's normalisers over the raw deliveries, appending what they derive, then rebuild and swap",
    },
    'without-lookups': {
      type: 'boolean',
      default: false,
      description: "with --renormalize: skip the normalisers' database lookups (use their defaults)",
    },
    team: { type: 'string', value: 'slug', parse: teamSlug, description: "rebuild only this team's rows" },
    'from-seq': { type: 'string', value: 'n', parse: positiveInteger, description: 'an "as of" build: from this log sequence' },
    'from-time': { type: 'string', value: 'iso', parse: isoTime, description: 'an "as of" build: from events at or after this time' },
    'to-seq': { type: 'string', value: 'n', parse: positiveInteger, description: 'an "as of" build: up to this log sequence' },
    'to-time': { type: 'string', value: 'iso', parse: isoTime, description: 'an "as of" build: up to events at this time' },
    batch: { type: 'string', value: 'n', parse: positiveInteger, description: "events per write batch (default: the replay package's)" },
    keep: { type: 'boolean', default: false, description: 'keep the rebuilt schema after --verify or --dry-run, for inspection' },
    json: { type: 'boolean', default: false, description: 'print the report as JSON' },
    'drop-old': { type: 'boolean', default: false, description: 'drop the models earlier swaps kept (pipe_old_*)' },
    drop: { type: 'string', value: 'schema', description: 'drop this schema a replay built (an "as of" build, a kept one)' },
  },
  examples: [
    { command: 'pipe replay', does: 'rebuild every read model from the log and swap it in; the old one is kept' },
    { command: 'pipe replay --verify', does: 'check that the live model equals a rebuild of the log' },
    { command: 'pipe replay --team acme --to-time 2026-11-21T12:00:00Z', does: 'build acme as it was at noon into its own schema' },
    { command: 'pipe replay --renormalize', does: "re-derive the log with today's normalisers, then rebuild" },
    { command: 'pipe replay --drop-old', does: 'remove the models earlier swaps kept' },
  ],
  async run({ config, values, out }) {
    const databaseUrl = databaseUrlFor(config);
    if (values['drop-old'] || values.drop) return drop(databaseUrl, values.drop as string | undefined, Boolean(values.json), out);

    const mode: ReplayMode = values.verify ? 'verify' : values['dry-run'] ? 'dry-run' : 'swap';
    const range = {
      ...(values['from-seq'] === undefined ? {} : { fromSeq: Number(values['from-seq']) }),
      ...(values['from-time'] instanceof Date ? { fromTime: values['from-time'] } : {}),
      ...(values['to-seq'] === undefined ? {} : { toSeq: Number(values['to-seq']) }),
      ...(values['to-time'] instanceof Date ? { toTime: values['to-time'] } : {}),
    };
    if (values.renormalize && (mode !== 'swap' || Object.keys(range).length > 0)) {
      throw new UsageError(
        '--renormalize re-derives the log and then rebuilds and swaps: it takes neither --verify, --dry-run nor a range',
      );
    }
    if (values['without-lookups'] && !values.renormalize) throw new UsageError('--without-lookups goes with --renormalize');
    if (mode !== 'swap' && Object.keys(range).length > 0)
      throw new UsageError('--verify and --dry-run compare whole models; a range (--from/--to) builds an "as of" schema instead');
    const batchSize = values.batch === undefined ? undefined : Number(values.batch);
    if (typeof values.team === 'string') await requireTeam(databaseUrl, values.team);
    const progress = values.json ? null : createProgress(process.stderr);
    const interrupt = new AbortController();
    const onSigint = () => interrupt.abort(new Error('interrupted'));
    process.once('SIGINT', onSigint);
    try {
      const report = await withBus(config, async (bus, names) => {
        const renormalized = values.renormalize
          ? await renormalizeAll(
              databaseUrl,
              bus,
              names,
              { team: values.team as string | undefined, lookups: !values['without-lookups'] },
              interrupt.signal,
              progress,
            )
          : null;
        const rebuilt = await replay({
          databaseUrl,
          bus,
          names,
          mode: Object.keys(range).length > 0 ? 'as-of' : mode,
          ...range,
          ...(values.team ? { team: values.team as string } : {}),
          ...(batchSize ? { batchSize } : {}),
          keep: Boolean(values.keep),
          signal: interrupt.signal,
          onProgress: (p) => progress?.update(p.phase, p.events, p.total),
        });
        return { ...rebuilt, renormalized };
      });
      progress?.done();
      out.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
      return report.identical === false && report.mode === 'verify' ? 1 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

function describe(report: ReplayReport & { renormalized: RenormalizeReport | null }): string {
  const lines: string[] = [];
  const r = report.renormalized;
  if (r) {
    lines.push(`renormalized ${r.deliveries} raw deliveries: ${r.written} new events written, ${r.unchanged} unchanged`);
    for (const [platform, count] of Object.entries(r.unsupported))
      lines.push(`  ${count} ${platform} deliveries skipped: no normaliser for ${platform}`);
    for (const f of r.failed.slice(0, 10)) lines.push(`  ${f.platform} ${f.deliveryId}: ${f.error}`);
  }
  lines.push(
    `${report.mode}: ${report.events.toLocaleString('en-US')} events in ${report.seconds.toFixed(1)} s (${Math.round(report.eventsPerSecond).toLocaleString('en-US')} events/s), up to sequence ${report.lastSeq}${report.team ? `, team ${report.team}` : ''}`,
  );
  const phases = Object.entries(report.phaseSeconds);
  if (phases.length > 0) lines.push(`  ${phases.map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)} s`).join(', ')}`);
  if (report.failed.length > 0)
    lines.push(`${report.failed.length} event(s) could not be applied (see \`pipe dlq list\`): first at sequence ${report.failed[0]?.seq}`);
  if (report.checksums) {
    lines.push(`compared at live checkpoint ${report.liveCheckpoint}:`);
    for (const c of report.checksums) {
      const same = c.live.checksum === c.rebuilt.checksum && c.live.rows === c.rebuilt.rows;
      lines.push(
        `  ${same ? 'same' : 'DIFF'}  ${c.table.padEnd(14)} live ${c.live.rows} rows ${c.live.checksum}   rebuilt ${c.rebuilt.rows} rows ${c.rebuilt.checksum}`,
      );
    }
    for (const d of report.differences) lines.push(`  only in ${d.side}: ${d.table} ${JSON.stringify(d.row).slice(0, 300)}`);
    lines.push(
      report.identical
        ? 'identical'
        : report.mode === 'dry-run'
          ? 'a swap would change the rows above'
          : 'the live model differs from a rebuild of the log',
    );
  }
  if (report.swapped)
    lines.push(
      report.oldSchema
        ? `swapped in; the previous model is kept as ${report.oldSchema} (remove with \`pipe replay --drop-old\`)`
        : `team ${report.team}'s rows replaced`,
    );
  if (report.mode === 'as-of')
    lines.push(`built into schema ${report.schema} for inspection (remove with \`pipe replay --drop ${report.schema}\`)`);
  return `${lines.join('\n')}\n`;
}

async function drop(databaseUrl: string, schema: string | undefined, json: boolean, out: CliOutput): Promise<number> {
  const db = createDb({ url: databaseUrl, poolSize: 1, applicationName: 'pipe-replay' });
  try {
    const targets = schema ? [schema] : (await listReplaySchemas(db)).filter((s) => s.startsWith('pipe_old_'));
    for (const target of targets) await dropReplaySchema(db, target);
    out.stdout.write(
      json ? `${JSON.stringify({ dropped: targets })}\n` : targets.length ? `dropped ${targets.join(', ')}\n` : 'nothing to drop\n',
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

/**
 * Re-runs today's normalisers (every platform module's, from the registry) over `PIPE_RAW`,
 * appending what they derive to the log. With `lookups`, each platform's lookups before
 * normalising run against Postgres as at ingest (issue keys learnt earlier, a team's
 * opt-in); without, they are skipped and the normalisers use their defaults.
 */
async function renormalizeAll(
  databaseUrl: string,
  bus: Bus,
  names: StreamNames,
  options: { team: string | undefined; lookups: boolean },
  signal: AbortSignal,
  progress: Progress | null,
): Promise<RenormalizeReport> {
  const { team } = options;
  const db = createDb({ url: databaseUrl, poolSize: 2, applicationName: 'pipe-replay' });
  try {
    return await renormalize(bus, names, platformNormalizers(PLATFORMS, options.lookups ? dbLookups(db, null) : undefined), {
      ...(team ? { team } : {}),
      signal,
      onProgress: (done, total) => progress?.update('renorm', done, total),
    });
  } finally {
    await db.destroy();
  }
}
