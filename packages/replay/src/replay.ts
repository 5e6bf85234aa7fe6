import { type Bus, type StreamNames, teamEventsWildcard } from '@pipe/bus';
import { type Database, createDb, migrateToLatest } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { type RowDifference, type TableChecksum, readModelChecksums, readModelDifferences } from './checksums.js';
import { LIVE_SCHEMA, createEmptyReadModel, dropReplaySchema, schemaNames, schemaStamp, swapReadModel } from './read-model-schema.js';
import { bulkLoad } from './bulk-load.js';
import { PROJECTOR_PROJECTION, type RebuildPass, rebuildInto } from './rebuild-into.js';
import { replaceTeamRows } from './replace-team-rows.js';

/** What `pipe replay` does. */
export type ReplayMode =
  /** Rebuild into a fresh schema, catch up with the live tail, swap atomically. */
  | 'swap'
  /** Rebuild up to the live checkpoint and compare row for row; never swap. */
  | 'verify'
  /** Like verify, but only report what a swap would change. */
  | 'dry-run'
  /** Build a part of the log (a range or a cut) into its own schema for inspection; never swap. */
  | 'as-of';

/** Options of {@link replay}. */
export interface ReplayOptions {
  databaseUrl: string;
  bus: Bus;
  names: StreamNames;
  mode: ReplayMode;
  /** Rebuild one team only (its rows are replaced on swap; other teams are untouched). */
  team?: string;
  fromSeq?: number;
  fromTime?: Date;
  toSeq?: number;
  toTime?: Date;
  /** Events per transaction while rebuilding (default 5000). */
  batchSize?: number;
  /** Parallel writers while rebuilding (default 2: one Postgres backend per core). */
  writers?: number;
  /** Keep the rebuilt schema after verify/dry-run (default: drop it). */
  keep?: boolean;
  signal?: AbortSignal;
  onProgress?(progress: ReplayProgress): void;
}

/** Where a replay is. */
export interface ReplayProgress {
  phase: 'rebuild' | 'load' | 'indexes' | 'catch-up' | 'swap' | 'compare';
  events: number;
  /** Events the phase expects to read in all (an estimate for catch-up). */
  total: number;
  lastSeq: number;
}

/** The final report (`--json`). */
export interface ReplayReport {
  mode: ReplayMode;
  schema: string;
  team: string | null;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** The last stream sequence the rebuilt model reflects. */
  lastSeq: number;
  /** The live checkpoint the comparison or swap was made against. */
  liveCheckpoint: number | null;
  swapped: boolean;
  /** Where the previous live model went (swap). */
  oldSchema: string | null;
  /** Per table: live and rebuilt checksums (verify, dry-run). */
  checksums: { table: string; live: TableChecksum; rebuilt: TableChecksum }[] | null;
  differences: RowDifference[];
  identical: boolean | null;
  failed: { seq: number; error: string }[];
  /** Where `seconds` went, phase by phase (read and fold, load, indexes, people, catch-up, compare). */
  phaseSeconds: Record<string, number>;
}

/** A replay was interrupted; the live model is untouched and the partial schema is named. */
export class ReplayInterruptedError extends Error {
  override readonly name = 'ReplayInterruptedError';
  readonly code = 'REPLAY_INTERRUPTED';
  constructor(readonly schema: string) {
    super(
      `interrupted: the live read model is untouched; the half-built schema ${schema} is left — remove it with \`pipe replay --drop ${schema}\``,
    );
  }
}

/**
 * Rebuilds the read models from `PIPE_EVENTS` into a fresh schema while the live one keeps
 * serving, then — per mode — swaps it in, compares it with the live one, or leaves it for
 * inspection. The swap happens in one transaction that first locks the live checkpoint table, so
 * the live projector pauses between two batches, the rebuild catches up to at least the live
 * position, and the schemas trade places: readers never see a half-built model and no event is
 * lost (the live projector resumes on the new model and skips what it already holds).
 */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const startedAt = performance.now();
  const admin = createDb({ url: options.databaseUrl, poolSize: 4, applicationName: 'pipe-replay' });
  const stamp = schemaStamp();
  const inspection =
    options.mode === 'as-of' ||
    options.fromSeq !== undefined ||
    options.fromTime !== undefined ||
    options.toSeq !== undefined ||
    options.toTime !== undefined;
  const mode: ReplayMode = inspection && options.mode === 'swap' ? 'as-of' : options.mode;
  const schema = mode === 'as-of' ? schemaNames.asOf(stamp) : schemaNames.rebuild(stamp);
  const rebuilt = createDb({ url: options.databaseUrl, poolSize: 4, applicationName: 'pipe-replay', searchPath: [schema] });
  const filterSubject = options.team ? teamEventsWildcard(options.names, options.team) : undefined;
  const batchSize = options.batchSize ?? 5000;
  const report: ReplayReport = {
    mode,
    schema,
    team: options.team ?? null,
    events: 0,
    seconds: 0,
    eventsPerSecond: 0,
    lastSeq: 0,
    liveCheckpoint: null,
    swapped: false,
    oldSchema: null,
    checksums: null,
    differences: [],
    identical: null,
    failed: [],
    phaseSeconds: {},
  };
  const absorb = (pass: RebuildPass) => {
    for (const [phase, seconds] of Object.entries(pass.phaseSeconds ?? {})) addPhase(report, phase, seconds);
    report.events += pass.events;
    report.lastSeq = Math.max(report.lastSeq, pass.lastSeq);
    report.failed.push(...pass.failed);
  };
  const pass = (
    phase: ReplayProgress['phase'],
    fromSeq: number | undefined,
    toSeq: number,
    extra: { fromTime?: Date; toTime?: Date } = {},
    include?: (seq: number, partition: number) => boolean,
  ) => {
    const base = report.events;
    const total = Math.max(0, toSeq - (fromSeq ?? 1) + 1);
    const began = performance.now();
    return rebuildInto(
      rebuilt,
      options.bus.js,
      { stream: options.names.events, filterSubject, toSeq, ...(fromSeq !== undefined ? { fromSeq } : {}), ...extra },
      {
        batchSize,
        ...(options.writers ? { writers: options.writers } : {}),
        ...(include ? { include } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (p) => options.onProgress?.({ phase, events: base + p.events, total: base + total, lastSeq: p.lastSeq }),
      },
    ).then((result) => ({ ...result, phaseSeconds: { [phase]: (performance.now() - began) / 1000 } }));
  };

  try {
    await migrateToLatest(admin);
    await createEmptyReadModel(admin, schema, { deferKeys: true });
    const streamInfo = await options.bus.jsm.streams.info(options.names.events);
    const tail = streamInfo.state.last_seq;
    // Compare against a fixed live position: build up to where the live model is now, then
    // finish under the lock. A swap builds to the tail: the live projector skips what the rebuild already holds.
    const liveNow = await livePositions(admin);
    // Every live partition has applied at least up to the smallest of their checkpoints.
    const liveFloor = liveNow.size === 0 ? 0 : Math.min(...liveNow.values());
    const bulkTo = mode === 'swap' ? tail : mode === 'as-of' ? (options.toSeq ?? tail) : Math.min(tail, liveFloor);
    // A comparison must hold exactly what the live partitions hold: nothing of a partition the
    // live projector has not started yet.
    const comparing = mode === 'verify' || mode === 'dry-run';
    const started = comparing ? (seq: number, partition: number) => seq <= (liveNow.get(partition) ?? 0) : undefined;
    const range = { ...(options.fromTime ? { fromTime: options.fromTime } : {}), ...(options.toTime ? { toTime: options.toTime } : {}) };
    // The first pass loads the empty schema in bulk; later passes (catch-up) apply batches.
    const bulkTotal = Math.max(0, bulkTo - (options.fromSeq ?? 1) + 1);
    absorb(
      await bulkLoad(
        rebuilt,
        options.bus.js,
        {
          stream: options.names.events,
          filterSubject,
          toSeq: bulkTo,
          ...(options.fromSeq !== undefined ? { fromSeq: options.fromSeq } : {}),
          ...range,
        },
        {
          schema,
          batchSize,
          writers: options.writers ?? 2,
          ...(started ? { include: started } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (p) =>
            options.onProgress?.({ phase: p.phase ?? 'rebuild', events: p.events, total: p.total ?? bulkTotal, lastSeq: p.lastSeq }),
        },
      ),
    );

    if (mode === 'as-of') return finish(report, startedAt);

    if (mode === 'swap') {
      // Catch up with what arrived during the bulk rebuild, outside the lock, until close.
      for (let round = 0; round < 5; round++) {
        const newTail = (await options.bus.jsm.streams.info(options.names.events)).state.last_seq;
        if (newTail - report.lastSeq <= batchSize) break;
        absorb(await pass('catch-up', report.lastSeq + 1, newTail));
      }
    }

    await admin.transaction().execute(async (tx) => {
      // The live projector takes this table's lock first thing in every batch: it pauses here.
      await sql.raw(`lock table ${LIVE_SCHEMA}.checkpoints in ${mode === 'swap' ? 'access exclusive' : 'share'} mode`).execute(tx);
      const positions = await livePositions(tx);
      const live = positions.size === 0 ? 0 : Math.max(...positions.values());
      report.liveCheckpoint = live;
      if (mode === 'swap') {
        const upTo = Math.max(live, (await options.bus.jsm.streams.info(options.names.events)).state.last_seq);
        if (upTo > report.lastSeq) absorb(await pass('catch-up', report.lastSeq + 1, upTo));
        options.onProgress?.({ phase: 'swap', events: report.events, total: report.events, lastSeq: report.lastSeq });
        // The rebuilt positions count in the stream as it is now: a partition the projector stopped
        // because its checkpoint belonged to another (recreated or restored) stream resumes on them.
        await sql`update ${sql.table(`${schema}.checkpoints`)} set stream_created = ${streamInfo.created}`.execute(tx);
        if (options.team) {
          await replaceTeamRows(tx, schema, options.team);
          report.oldSchema = null;
        } else {
          report.oldSchema = schemaNames.old(stamp);
          await swapReadModel(tx, schema, report.oldSchema);
        }
        report.swapped = true;
        return;
      }
      // Apply exactly what each live partition holds: its events up to its own checkpoint.
      const holds = (seq: number, partition: number) => seq <= (positions.get(partition) ?? 0);
      if (live > report.lastSeq) absorb(await pass('catch-up', report.lastSeq + 1, live, {}, holds));
      options.onProgress?.({ phase: 'compare', events: report.events, total: report.events, lastSeq: report.lastSeq });
      const compareStart = performance.now();
      await compare(tx, schema, options.team, report);
      addPhase(report, 'compare', (performance.now() - compareStart) / 1000);
    });
    if (report.swapped && options.team) await dropReplaySchema(admin, schema);
    if (!report.swapped && !options.keep) await dropReplaySchema(admin, schema);
    return finish(report, startedAt);
  } catch (error) {
    if (options.signal?.aborted) throw new ReplayInterruptedError(schema);
    throw error;
  } finally {
    await Promise.all([rebuilt.destroy(), admin.destroy()]);
  }
}

async function compare(tx: Kysely<Database>, schema: string, team: string | undefined, report: ReplayReport): Promise<void> {
  const [live, rebuilt] = [await readModelChecksums(tx, LIVE_SCHEMA, team), await readModelChecksums(tx, schema, team)];
  report.checksums = live.map((l, i) => ({ table: l.table, live: l, rebuilt: rebuilt[i] as TableChecksum }));
  const differing = report.checksums
    .filter((c) => c.live.checksum !== c.rebuilt.checksum || c.live.rows !== c.rebuilt.rows)
    .map((c) => c.table);
  report.identical = differing.length === 0;
  if (!team) report.differences = await readModelDifferences(tx, LIVE_SCHEMA, schema, differing);
}

/** The live projector's checkpoint per partition number. */
async function livePositions(db: Kysely<Database>): Promise<Map<number, number>> {
  const { rows } = await sql<{ partition: string; last_seq: number }>`
    select partition, last_seq from ${sql.table(`${LIVE_SCHEMA}.checkpoints`)}
    where projection = ${PROJECTOR_PROJECTION} and partition ~ '^p[0-9]+$'`.execute(db);
  return new Map(rows.map((r) => [Number(r.partition.slice(1)), Number(r.last_seq)]));
}

function addPhase(report: ReplayReport, phase: string, seconds: number): void {
  report.phaseSeconds[phase] = (report.phaseSeconds[phase] ?? 0) + seconds;
}

function finish(report: ReplayReport, started: number): ReplayReport {
  report.seconds = (performance.now() - started) / 1000;
  report.eventsPerSecond = report.events / Math.max(report.seconds, 0.001);
  return report;
}
