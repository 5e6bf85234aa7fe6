import {
  type Database,
  type ReadModelTableName,
  activitiesTable,
  edgesTable,
  itemsTable,
  readModelTables,
  sourceLinksTable,
  sourceStatsTable,
} from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/**
 * The tables that make up the read model (see `readModelTables` in @pipe/db): everything the
 * projector writes, its checkpoint included. Admin tables are never rebuilt or swapped.
 */
export const READ_MODEL_TABLES: readonly ReadModelTableName[] = readModelTables.map((table) => table.name);
/**
 * The big tables a bulk load fills before it builds their primary keys (a key built once over
 * sorted rows is much cheaper than one maintained row by row). The small ones keep theirs: the
 * people path and the checkpoints upsert into them.
 */
export const BULK_TABLES: readonly ReadModelTableName[] = [itemsTable, edgesTable, activitiesTable, sourceLinksTable, sourceStatsTable].map(
  (table) => table.name,
);

/** Views over the read model, recreated with it. */
export const READ_MODEL_VIEWS = ['pending_references', 'people'] as const;

/** The schema holding the read model that is live (the one the services' search path finds). */
export const LIVE_SCHEMA = 'public';

/** Names of the schemas replay makes, so they are recognisable and removable. */
export const schemaNames = {
  rebuild: (stamp: string) => `pipe_rebuild_${stamp}`,
  asOf: (stamp: string) => `pipe_asof_${stamp}`,
  old: (stamp: string) => `pipe_old_${stamp}`,
};

/** A timestamp for schema names, to the millisecond: `20261121_193012_345`. */
export const schemaStamp = (now = new Date()): string =>
  now.toISOString().replace(/[-:]/g, '').replace('T', '_').replace('.', '_').slice(0, 19);

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates an empty copy of the live read model in `schema`: the same columns, defaults, generated
 * columns and compression, and the primary keys (the writers' upserts need them), but none of the
 * secondary indexes yet — a bulk load builds those once at the end instead of maintaining them
 * row by row. Views are created too, pointing at the new tables.
 */
export async function createEmptyReadModel(db: Kysely<Database>, schema: string, options: { deferKeys?: boolean } = {}): Promise<void> {
  await sql.raw(`create schema ${quote(schema)}`).execute(db);
  for (const table of READ_MODEL_TABLES) {
    await sql
      .raw(
        `create table ${quote(schema)}.${quote(table)} (like ${LIVE_SCHEMA}.${quote(table)} including defaults including generated including constraints including compression)`,
      )
      .execute(db);
    if (!options.deferKeys || !(BULK_TABLES as readonly string[]).includes(table)) await addPrimaryKey(db, schema, table);
    // Triggers (the search vectors) are not copied by LIKE; the copy must compute the same columns.
    const triggers = await sql<{ definition: string }>`
      select pg_get_triggerdef(oid) as definition from pg_trigger
      where tgrelid = ${`${LIVE_SCHEMA}.${table}`}::regclass and not tgisinternal`.execute(db);
    for (const { definition } of triggers.rows) {
      await sql.raw(definition.replace(` ON ${LIVE_SCHEMA}.${table} `, ` ON ${quote(schema)}.${quote(table)} `)).execute(db);
    }
  }
  for (const view of READ_MODEL_VIEWS) {
    const definition = await viewDefinition(db, view);
    // The definition names tables unqualified; resolve them in the new schema.
    await db.connection().execute(async (conn) => {
      await sql.raw(`set search_path = ${quote(schema)}`).execute(conn);
      try {
        await sql.raw(`create view ${quote(schema)}.${quote(view)} as ${definition}`).execute(conn);
      } finally {
        await sql.raw('reset search_path').execute(conn);
      }
    });
  }
}

/** Copies the live table's primary key onto `schema`'s copy of it. */
async function addPrimaryKey(db: Kysely<Database>, schema: string, table: string): Promise<void> {
  const pk = await sql<{ name: string; definition: string }>`
    select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
    where conrelid = ${`${LIVE_SCHEMA}.${table}`}::regclass and contype = 'p'`.execute(db);
  for (const { name, definition } of pk.rows) {
    await sql.raw(`alter table ${quote(schema)}.${quote(table)} add constraint ${quote(name)} ${definition}`).execute(db);
  }
}

/**
 * Builds what a bulk load deferred on `schema`'s copy: the primary keys of `keyTables` and every
 * secondary index of the live model, `parallel` at a time (each build is one backend, so two
 * connections keep both cores busy). The longest go first — GIN indexes, then the indexes of the
 * tables with the most rows (`rows`, as loaded) — so no long build is left running alone at the
 * end. A primary key is built as a plain unique index like the others and attached at the end:
 * `ADD PRIMARY KEY` would lock its table and wait behind any index still building on it. Then the
 * tables are analysed.
 */
export async function buildDeferredIndexes(
  db: Kysely<Database>,
  schema: string,
  keyTables: readonly string[],
  options: { parallel?: number; rows?: Readonly<Record<string, number>> } = {},
): Promise<void> {
  const { rows } = await sql<{ table: string; index: string; definition: string; primaryKey: string | null }>`
    select t.relname as table, x.relname as index, pg_get_indexdef(i.indexrelid) as definition, c.conname as "primaryKey"
    from pg_index i join pg_class t on t.oid = i.indrelid join pg_class x on x.oid = i.indexrelid join pg_namespace n on n.oid = t.relnamespace
    left join pg_constraint c on c.conindid = i.indexrelid and c.contype = 'p'
    where n.nspname = ${LIVE_SCHEMA} and t.relname in (${sql.join([...READ_MODEL_TABLES])})`.execute(db);
  // The other tables' primary keys were never deferred: they are there already.
  const builds = rows
    .filter((index) => index.primaryKey === null || keyTables.includes(index.table))
    .map((index) => ({ ...index, statement: index.definition.replace(` ON ${LIVE_SCHEMA}.`, ` ON ${quote(schema)}.`) }));
  const isGin = (statement: string) => / USING gin /i.test(statement);
  const rowsOf = (table: string) => options.rows?.[table] ?? 0;
  builds.sort((a, b) => Number(isGin(b.statement)) - Number(isGin(a.statement)) || rowsOf(b.table) - rowsOf(a.table));
  let next = 0;
  const worker = () =>
    db.connection().execute(async (conn) => {
      await sql.raw(`set maintenance_work_mem = '512MB'`).execute(conn);
      while (next < builds.length) await sql.raw((builds[next++] as (typeof builds)[number]).statement).execute(conn);
    });
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 2) }, worker));
  for (const { table, index, primaryKey } of builds) {
    if (primaryKey === null) continue;
    await sql
      .raw(`alter table ${quote(schema)}.${quote(table)} add constraint ${quote(primaryKey)} primary key using index ${quote(index)}`)
      .execute(db);
  }
  for (const table of READ_MODEL_TABLES) await sql.raw(`analyze ${quote(schema)}.${quote(table)}`).execute(db);
}

/**
 * Makes `schema` the live read model inside the caller's transaction: the live tables and views
 * move to `oldSchema`, the rebuilt ones into the live schema. Readers see the old model until the
 * transaction commits and the new one after; nothing in between.
 */
export async function swapReadModel(tx: Kysely<Database>, schema: string, oldSchema: string): Promise<void> {
  const views = new Map<string, string>();
  for (const view of READ_MODEL_VIEWS) views.set(view, await viewDefinition(tx, view));
  await sql.raw(`create schema ${quote(oldSchema)}`).execute(tx);
  for (const view of READ_MODEL_VIEWS) await sql.raw(`alter view ${LIVE_SCHEMA}.${quote(view)} set schema ${quote(oldSchema)}`).execute(tx);
  for (const table of READ_MODEL_TABLES)
    await sql.raw(`alter table ${LIVE_SCHEMA}.${quote(table)} set schema ${quote(oldSchema)}`).execute(tx);
  for (const table of READ_MODEL_TABLES)
    await sql.raw(`alter table ${quote(schema)}.${quote(table)} set schema ${LIVE_SCHEMA}`).execute(tx);
  for (const view of READ_MODEL_VIEWS) await sql.raw(`alter view ${quote(schema)}.${quote(view)} set schema ${LIVE_SCHEMA}`).execute(tx);
  await sql.raw(`drop schema ${quote(schema)}`).execute(tx);
}

/** The schemas replay made (rebuilds, as-of builds, previous models), oldest first. */
export async function listReplaySchemas(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select nspname as name from pg_namespace where nspname ~ '^pipe_(rebuild|asof|old)_' order by nspname`.execute(db);
  return rows.map((r) => r.name);
}

/** Drops a schema replay made (refuses any other name). */
export async function dropReplaySchema(db: Kysely<Database>, schema: string): Promise<void> {
  if (!/^pipe_(rebuild|asof|old)_[0-9_]+$/.test(schema))
    throw new Error(`'${schema}' is not a schema pipe replay made (pipe_rebuild_*, pipe_asof_*, pipe_old_*)`);
  await sql.raw(`drop schema if exists ${quote(schema)} cascade`).execute(db);
}

async function viewDefinition(db: Kysely<Database>, view: string): Promise<string> {
  const { rows } = await sql<{ definition: string }>`select pg_get_viewdef(${`${LIVE_SCHEMA}.${view}`}::regclass) as definition`.execute(
    db,
  );
  const definition = rows[0]?.definition;
  if (!definition) throw new Error(`the live read model has no view ${view}: run the migrations first`);
  return definition.replace(/;\s*$/, '');
}
