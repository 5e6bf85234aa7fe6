import { type RawBuilder, sql } from 'kysely';
import type { TableDefinition } from './table-definition.js';

/** A table's column names. */
type ColumnName<D extends TableDefinition> = keyof D['columns'] & string;

/** The fixed parts of a table's statements, made once per table. */
interface Fragments {
  /** `::text[]`, `::bigint[]`… per column. */
  casts: Map<string, RawBuilder<unknown>>;
  /** `insert into "t" ("a", "b", "stamp") select *, now() from unnest(`. */
  insertHead: RawBuilder<unknown>;
}

const fragmentsByTable = new WeakMap<TableDefinition, Fragments>();

function fragments(table: TableDefinition): Fragments {
  let made = fragmentsByTable.get(table);
  if (!made) {
    const columns = table.columns as Record<string, { type: string }>;
    const stamps = table.stampColumns.map(() => sql`, now()`);
    made = {
      casts: new Map(Object.entries(columns).map(([name, c]) => [name, sql.raw(`::${c.type}[]`)])),
      insertHead: sql`insert into ${sql.table(table.name)} (${columnNames(table, [...table.rowColumns, ...table.stampColumns])}) select *${sql.join(stamps, sql``)} from unnest(`,
    };
    fragmentsByTable.set(table, made);
  }
  return made;
}

/**
 * `"team", "id", …`: the names of `columns` of `table`, for an insert's column list or a conflict
 * target. The text depends only on the columns, so a prepared statement built with it never varies.
 */
export function columnNames<D extends TableDefinition>(_table: D, columns: readonly ColumnName<D>[]): RawBuilder<unknown> {
  return sql.join(columns.map((name) => sql.ref(name)));
}

/**
 * `$1::text[], $2::bigint[], …`: one array parameter per column of `columns`, cast to the column's
 * type, holding that column of every row — the arguments of an `unnest`, whose statement stays the
 * same size however many rows it carries (a VALUES list would cost a parameter per cell). A
 * column a row lacks (`undefined`) is sent as `null`.
 */
export function unnestArrays<D extends TableDefinition>(
  table: D,
  columns: readonly ColumnName<D>[],
  rows: readonly object[],
): RawBuilder<unknown> {
  const { casts } = fragments(table);
  return sql.join(columns.map((name) => sql`${rows.map((row) => (row as Record<string, unknown>)[name])}${casts.get(name)}`));
}

/**
 * `insert into <table> (<row columns>, <stamp columns>) select *, now() from unnest(<arrays>)`:
 * `rows` written in one statement whatever their number, the write time in the stamp columns.
 * Add the conflict clause after it.
 */
export function insertUnnested<D extends TableDefinition>(table: D, rows: readonly object[]): RawBuilder<unknown> {
  return sql`${fragments(table).insertHead}${unnestArrays(table, table.rowColumns, rows)})`;
}

/** The key of a row within a batch: its key columns joined by NUL (which no key value holds). */
export function rowKey<D extends TableDefinition>(table: D): (row: object) => string {
  const [first, ...rest] = table.key;
  if (first === undefined) throw new Error(`table ${table.name} has no key`);
  return (row) => {
    const values = row as Record<string, unknown>;
    let key = String(values[first]);
    for (const name of rest) key += `\u0000${String(values[name])}`;
    return key;
  };
}
