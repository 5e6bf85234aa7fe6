import type { ColumnType } from 'kysely';

/** The Postgres types read-model columns have (the casts of the writers' `unnest` arrays). */
export type PgType = 'text' | 'bigint' | 'boolean' | 'timestamptz' | 'tsvector';

/**
 * Who fills a column:
 * - `row`: the writers, from the row (the column is part of the row type);
 * - `default`: its Postgres default, at insert (rows leave it out; other statements may change it);
 * - `generated`: Postgres, from other columns (a generated column, or a trigger) — never written;
 * - `stamp`: the writers, with the time of the write (`now()`): when a row was written, not what it
 *   holds, so comparisons of two models leave it out.
 * - `provenance`: its own statements (nullable, never written by the generic writers), recording
 *   where the row's values were read from — which stream a checkpoint counts in — not what the
 *   model holds: comparisons of two models leave it out too.
 */
export type Fill = 'row' | 'default' | 'generated' | 'stamp' | 'provenance';

/** What a column's definition may say besides its type. */
export interface ColumnOptions {
  readonly nullable?: boolean;
  readonly fill?: Fill;
  /** Its default, exactly as Postgres shows it (`information_schema.columns.column_default`). */
  readonly default?: string;
}

/** One column: its Postgres type, nullability, who fills it and its default. */
export interface Column<
  T extends PgType = PgType,
  N extends boolean = boolean,
  F extends Fill = Fill,
  D extends string | undefined = string | undefined,
> {
  readonly type: T;
  readonly nullable: N;
  readonly fill: F;
  readonly default: D;
}

/** The column `column(type, options)` defines. */
type ColumnOf<T extends PgType, O extends ColumnOptions> = Column<
  T,
  O['nullable'] extends true ? true : false,
  O['fill'] extends Fill ? O['fill'] : 'row',
  O['default'] extends string ? O['default'] : undefined
>;

/** A column of type `type`; not null and written from the row unless `options` say otherwise. */
// biome-ignore lint/complexity/noBannedTypes: `{}` is the empty options object, so a bare `column('text')` infers no options.
export function column<T extends PgType, const O extends ColumnOptions = {}>(type: T, options?: O): ColumnOf<T, O> {
  return { type, nullable: options?.nullable === true, fill: options?.fill ?? 'row', default: options?.default } as ColumnOf<T, O>;
}

type Columns = Record<string, Column>;

/** The names of `C`'s columns that rows carry (filled `row`), as a union. */
export type RowColumnName<C extends Columns> = { [K in keyof C]: C[K]['fill'] extends 'row' ? K : never }[keyof C] & string;

/**
 * One read-model table, defined once: its columns (Postgres types, nullability, who fills them) and
 * its key (the primary key, in order: the conflict target of its upserts and how a batch collapses
 * rows). The writers' `unnest` statements, `pipe replay`'s bulk load, the kysely types and the
 * comparison of two models all come from it; a test checks it against the migrated database.
 */
// `C` defaults to `any`: a concrete table (its key and row columns narrowed to its own names) must
// still be assignable to the plain `TableDefinition` the generic helpers take.
// biome-ignore lint/suspicious/noExplicitAny: see the line above.
export interface TableDefinition<Name extends string = string, C extends Columns = any, K extends keyof C & string = keyof C & string> {
  readonly name: Name;
  readonly columns: C;
  readonly key: readonly K[];
  /** The columns rows carry, in definition order: what the writers put in their `unnest`. */
  readonly rowColumns: readonly RowColumnName<C>[];
  /** The columns that record when a row was written (`stamp`), left out of comparisons. */
  readonly stampColumns: readonly (keyof C & string)[];
  /** The columns comparisons of two models leave out: the stamps, and where the values came from (`provenance`). */
  readonly uncomparedColumns: readonly (keyof C & string)[];
}

/** Defines a table; `key` is its primary key, in order (checked against the database by `read-model-tables.int.test.ts`). */
export function defineTable<const Name extends string, const C extends Columns, const K extends keyof C & string>(
  name: Name,
  columns: C,
  options: { key: readonly K[] },
): TableDefinition<Name, C, K> {
  const names = Object.keys(columns) as (keyof C & string)[];
  return {
    name,
    columns,
    key: options.key,
    rowColumns: names.filter((n) => columns[n]?.fill === 'row') as RowColumnName<C>[],
    stampColumns: names.filter((n) => columns[n]?.fill === 'stamp'),
    uncomparedColumns: names.filter((n) => columns[n]?.fill === 'stamp' || columns[n]?.fill === 'provenance'),
  };
}

/** A timestamp column as kysely sees it: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

type Selected<T extends PgType> = T extends 'text' | 'tsvector'
  ? string
  : T extends 'bigint'
    ? number
    : T extends 'boolean'
      ? boolean
      : Timestamp;
type Nullable<C extends Column, V> = C['nullable'] extends true ? V | null : V;
type Optional<V> = V extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : ColumnType<V, V | undefined, V>;

/** A column as kysely sees it: optional at insert when Postgres can fill it (a default, a generated value). */
export type KyselyColumn<C extends Column> = C['default'] extends string
  ? Optional<Nullable<C, Selected<C['type']>>>
  : C['fill'] extends 'generated'
    ? Optional<Nullable<C, Selected<C['type']>>>
    : Nullable<C, Selected<C['type']>>;

/** A table as kysely's `Database` lists it. */
export type KyselyTable<D extends TableDefinition> = { -readonly [K in keyof D['columns']]: KyselyColumn<D['columns'][K]> };

/** A value as the writers hold it: timestamps as ISO strings (as events carry them), `bigint` as numbers. */
type Written<T extends PgType> = T extends 'bigint' ? number : T extends 'boolean' ? boolean : string;

/** A row as the writers write it: the columns filled `row`, each with a value (`null` where nullable). */
export type RowOf<D extends TableDefinition> = {
  -readonly [K in RowColumnName<D['columns']>]: Nullable<D['columns'][K], Written<D['columns'][K]['type']>>;
};
