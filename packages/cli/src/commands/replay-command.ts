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
import { createProgress } from '../progress.js';
import { databaseUrlFor } from '../stack-file.js';

export const replayCommand: CliCommand = {
  words: ['replay'],
  usage:
    '[--verify | --dry-run | --renormalize [--without-lookups]] [--team T] [--from-seq N | --from-time ISO] [--to-seq N | --to-time ISO] [--batch N] [--keep] [--json] | --drop-old | --drop <schema>',
  summary: 'rebuild the read models from the log into a fresh schema, then swap (or verify, or build "as of")',
  options: {
    verify: { type: 'boolean', default: false },
    renormalize: { type: 'boolean', default: false },
    'without-lookups': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    team: { type: 'string' },
    'from-seq': { type: 'string' },
    'from-time': { type: 'string' },
    'to-seq': { type: 'string' },
    'to-time': { type: 'string' },
    batch: { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'drop-old': { type: 'boolean', default: false },
    drop: { type: 'string' },
  },
  async run({ config, values, out }) {
    const databaseUrl = databaseUrlFor(config);
    if (values['drop-old'] || values.drop) return drop(databaseUrl, values.drop as string | undefined, Boolean(values.json), out);

    const mode: ReplayMode = values.verify ? 'verify' : values['dry-run'] ? 'dry-run' : 'swap';
    const range = {
      ...optionalNumber('--from-seq', values['from-seq'], 'fromSeq'),
      ...optionalDate('--from-time', values['from-time'], 'fromTime'),
      ...optionalNumber('--to-seq', values['to-seq'], 'toSeq'),
      ...optionalDate('--to-time', values['to-time'], 'toTime'),
    };
    if (values.renormalize && (mode !== 'swap' || Object.keys(range).length > 0)) {
      throw new UsageError(
        '--renormalize re-derives the log and then rebuilds and swaps: it takes neither --verify, --dry-run nor a range',
      );
    }
    if (values['without-lookups'] && !values.renormalize) throw new UsageError('--without-lookups goes with --renormalize');
    if (mode !== 'swap' && Object.keys(range).length > 0)
      throw new UsageError('--verify and --dry-run compare whole models; a range (--from/--to) builds an "as of" schema instead');
    const batchSize = values.batch === undefined ? undefined : optionalNumber('--batch', values.batch, 'batch').batch;
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

function optionalNumber<K extends string>(flag: string, value: unknown, key: K): Partial<Record<K, number>> {
  if (value === undefined) return {};
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${flag} must be a positive whole number`);
  return { [key]: Number(value) } as Partial<Record<K, number>>;
}

function optionalDate<K extends string>(flag: string, value: unknown, key: K): Partial<Record<K, Date>> {
  if (value === undefined) return {};
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} must be an ISO time such as 2026-11-21T12:00:00Z`);
  return { [key]: date } as Partial<Record<K, Date>>;
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
