import { type Database, readModelTables } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { READ_MODEL_TABLES } from './read-model-schema.js';

/** Columns that say when a row was written or where its values were read from, not what it holds: left out of comparisons. */
const VOLATILE: Record<string, readonly string[]> = Object.fromEntries(
  readModelTables.map((table) => [table.name, table.uncomparedColumns]),
);

/** One table's fingerprint in one schema. */
export interface TableChecksum {
  table: string;
  rows: number;
  /** A hash of every row (order-independent), hex. */
  checksum: string;
}

/** A row found in one model and not the other. */
export interface RowDifference {
  table: string;
  /** `live` when only the live model has the row, `rebuilt` when only the rebuild has it. */
  side: 'live' | 'rebuilt';
  row: Record<string, unknown>;
}

async function comparedColumns(db: Kysely<Database>, schema: string, table: string): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = ${schema} and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.map((r) => r.column_name).filter((c) => !(VOLATILE[table] ?? []).includes(c));
}

const columnList = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

/**
 * A checksum per read-model table of `schema`: the sum of a 60-bit slice of each row's md5, so
 * equal tables give equal sums whatever their physical order, without sorting millions of rows.
 */
export async function readModelChecksums(db: Kysely<Database>, schema: string, team?: string): Promise<TableChecksum[]> {
  const sums: TableChecksum[] = [];
  // The checkpoint is shared by all teams: a one-team comparison leaves it out.
  for (const table of READ_MODEL_TABLES.filter((t) => !team || t !== 'checkpoints')) {
    const columns = columnList(await comparedColumns(db, schema, table));
    const { rows } = await sql<{ rows: string; checksum: string | null }>`
      select count(*)::text as rows,
        to_hex((coalesce(sum(('x' || substr(md5(row(${sql.raw(columns)})::text), 1, 15))::bit(60)::bigint), 0) % 9223372036854775807)::bigint) as checksum
      from ${sql.table(`${schema}.${table}`)} ${team ? sql`where team = ${team}` : sql``}`.execute(db);
    sums.push({ table, rows: Number(rows[0]?.rows ?? 0), checksum: rows[0]?.checksum ?? '0' });
  }
  return sums;
}

/** Up to `limit` rows per table that differ between two schemas, both ways. */
export async function readModelDifferences(
  db: Kysely<Database>,
  live: string,
  rebuilt: string,
  tables: readonly string[],
  limit = 10,
): Promise<RowDifference[]> {
  const differences: RowDifference[] = [];
  for (const table of tables) {
    const columns = columnList(await comparedColumns(db, live, table));
    for (const [side, a, b] of [
      ['live', live, rebuilt],
      ['rebuilt', rebuilt, live],
    ] as const) {
      const { rows } = await sql<Record<string, unknown>>`
        (select ${sql.raw(columns)} from ${sql.table(`${a}.${table}`)} except select ${sql.raw(columns)} from ${sql.table(`${b}.${table}`)}) limit ${limit}`.execute(
        db,
      );
      for (const row of rows) differences.push({ table, side, row });
    }
  }
  return differences;
}
