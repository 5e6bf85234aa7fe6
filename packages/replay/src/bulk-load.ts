import type { JetStreamClient } from '@nats-io/jetstream';
import type { Delivery } from '@pipe/bus';
import {
  type Database,
  type RowOf,
  type TableDefinition,
  activitiesTable,
  edgesTable,
  insertUnnested,
  itemsTable,
  sourceLinksTable,
  sourceStatsTable,
} from '@pipe/db';
import { type PipeEvent, subjectPartition } from '@pipe/events';
import { LogFold, applyWithoutCheckpoint, people as peopleProjection, planBatch } from '@pipe/projection';
import { type Kysely, sql } from 'kysely';
import { type LogRange, readLog } from './read-events.js';
import { BULK_TABLES, buildDeferredIndexes } from './read-model-schema.js';
import type { RebuildPass, RebuildProgress } from './rebuild-into.js';
import { recordPositions } from './record-positions.js';

/** Rows per INSERT statement while loading. */
const CHUNK = 2000;

/** The events of the people projection, whose merges depend on order: applied in log order, not folded. */
const PEOPLE_EVENTS = new Set<PipeEvent['type']>(peopleProjection.handles);

/**
 * The first pass of a rebuild into an empty schema whose bulk tables have no keys or indexes yet:
 * the log is read and folded in memory (`LogFold`) to the rows it ends in, and each row is written
 * once with plain multi-row inserts — no conflict checks, no updates, no index upkeep — by
 * `writers` connections in parallel (one Postgres backend per core; Postgres tokenises the text).
 * Then the primary keys and the secondary indexes are built, and the people events (whose
 * merges depend on order) are applied through the projector's own code, in log order. The rows
 * equal those of the projector applying the same events batch by batch.
 */
export async function bulkLoad(
  db: Kysely<Database>,
  js: JetStreamClient,
  range: LogRange,
  options: {
    schema: string;
    batchSize: number;
    writers: number;
    include?(seq: number, partition: number): boolean;
    signal?: AbortSignal;
    onProgress?(progress: RebuildProgress): void;
  },
): Promise<RebuildPass> {
  const { schema } = options;
  const phaseSeconds: Record<string, number> = {};
  const pass: RebuildPass = { events: 0, lastSeq: (range.fromSeq ?? 1) - 1, failed: [], phaseSeconds };
  let phaseStart = performance.now();
  const endPhase = (phase: string) => {
    const now = performance.now();
    phaseSeconds[phase] = (now - phaseStart) / 1000;
    phaseStart = now;
  };
  const fold = new LogFold();
  const people: Delivery<PipeEvent>[] = [];
  const positions = new Map<number, number>();
  for await (const batch of readLog(js, range, options.batchSize, options.signal)) {
    const kept: Delivery<PipeEvent>[] = [];
    for (const delivery of batch.deliveries) {
      const partition = subjectPartition(delivery.subject) ?? 0;
      if (options.include && !options.include(delivery.seq, partition)) continue;
      positions.set(partition, Math.max(positions.get(partition) ?? 0, delivery.seq));
      if (PEOPLE_EVENTS.has(delivery.value.type)) people.push(delivery);
      else kept.push(delivery);
    }
    pass.failed.push(...batch.undecodable.map(({ seq, error }) => ({ seq, error })));
    fold.add(planBatch(kept));
    pass.events += batch.deliveries.length + batch.undecodable.length;
    pass.lastSeq = batch.lastSeq;
    options.onProgress?.({ events: pass.events, lastSeq: pass.lastSeq });
  }
  options.signal?.throwIfAborted();
  endPhase('read');

  // Rows written per table, so the index builds can start with the biggest tables.
  const loadedRows: Record<string, number> = {};
  const write = <D extends TableDefinition>(table: D, rows: readonly RowOf<D>[]) => {
    loadedRows[table.name] = (loadedRows[table.name] ?? 0) + rows.length;
    return insertRows(db, table, rows);
  };
  // Postgres (tokenising) and Node (deriving edges from the text) work at the same time: each
  // chunk of items is followed by a task that derives that chunk's edges while the other writer's
  // statement runs, then writes them.
  const tasks = [
    ...chunks([...fold.items.rows.values()]).flatMap((rows) => [
      () => write(itemsTable, rows),
      () => write(edgesTable, fold.derivedEdges(rows)),
    ]),
    ...chunks(fold.statedEdges()).map((rows) => () => write(edgesTable, rows)),
    ...chunks([...fold.activities.values()]).map((rows) => () => write(activitiesTable, rows)),
    ...chunks([...fold.links.values()]).map((rows) => () => write(sourceLinksTable, rows)),
    ...chunks([...fold.stats.values()]).map((rows) => () => write(sourceStatsTable, rows)),
  ];
  // The rows are written in parts of about the same size: progress moves with the parts done.
  let done = 0;
  const loaded = () =>
    options.onProgress?.({
      phase: 'load',
      events: Math.round((pass.events * done) / Math.max(1, tasks.length)),
      total: pass.events,
      lastSeq: pass.lastSeq,
    });
  loaded();
  await runParallel(tasks, options.writers, options.signal, () => {
    done += 1;
    loaded();
  });
  endPhase('load');
  options.onProgress?.({ phase: 'indexes', events: pass.events, total: pass.events, lastSeq: pass.lastSeq });
  await buildDeferredIndexes(db, schema, BULK_TABLES, { parallel: options.writers, rows: loadedRows });
  endPhase('indexes');

  for (let i = 0; i < people.length; i += options.batchSize) {
    await applyWithoutCheckpoint(db, people.slice(i, i + options.batchSize));
  }
  await recordPositions(db, positions);
  endPhase('people');
  return pass;
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Runs the tasks on `writers` connections at once, each taking the next task when free; `onDone` after each. */
async function runParallel(
  tasks: (() => Promise<void>)[],
  writers: number,
  signal: AbortSignal | undefined,
  onDone: () => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      signal?.throwIfAborted();
      const task = tasks[next++] as () => Promise<void>;
      await task();
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, writers) }, worker));
}

/**
 * One plain INSERT … SELECT FROM unnest(…) of rows of `table` (one array parameter per column keeps
 * the statement small whatever the row count); its stamp columns get the time of the write.
 */
async function insertRows(db: Kysely<Database>, table: TableDefinition, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`${insertUnnested(table, rows)}`.execute(db);
}
