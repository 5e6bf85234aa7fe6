import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/index.js';
import { readModelTables } from './read-model-tables.js';
import type { Column, PgType } from './table-definition.js';

/** How `information_schema.columns.data_type` names each type a definition uses. */
const DATA_TYPE: Record<PgType, string> = {
  text: 'text',
  bigint: 'bigint',
  boolean: 'boolean',
  timestamptz: 'timestamp with time zone',
  tsvector: 'tsvector',
};

interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  generatedAlways: boolean;
}

/**
 * Each read-model table's definition (`read-model-tables.ts`) against the migrated database: a
 * migration that adds, drops, retypes or re-keys a column without the definition following (or
 * the reverse) fails here, before a writer or a rebuild meets it.
 */
describe('the read-model table definitions', () => {
  let t: TestDb;
  beforeAll(async () => (t = await createTestDb()));
  afterAll(() => t.cleanup());

  const columnsOf = async (table: string): Promise<ColumnInfo[]> => {
    const { rows } = await sql<{
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
      is_generated: string;
    }>`
      select column_name, data_type, is_nullable, column_default, is_generated from information_schema.columns
      where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(t.db);
    return rows.map((r) => ({
      name: r.column_name,
      type: r.data_type,
      nullable: r.is_nullable === 'YES',
      default: r.column_default,
      generatedAlways: r.is_generated === 'ALWAYS',
    }));
  };

  for (const table of readModelTables) {
    const columns: Readonly<Record<string, Column>> = table.columns;
    describe(table.name, () => {
      it('has the defined columns, in order, with their types, nullability and defaults', async () => {
        const defined: ColumnInfo[] = Object.entries(columns).map(([name, c]) => ({
          name,
          type: DATA_TYPE[c.type],
          nullable: c.nullable,
          default: c.default ?? null,
          generatedAlways: false, // compared below: a trigger may fill a `generated` column too
        }));
        const found = await columnsOf(table.name);
        expect(found.map(({ generatedAlways: _g, ...c }) => c)).toEqual(defined.map(({ generatedAlways: _g, ...c }) => c));
      });

      it('leaves to Postgres exactly the columns it fills (generated columns, triggers)', async () => {
        const found = await columnsOf(table.name);
        for (const c of found.filter((c) => c.generatedAlways))
          expect(columns[c.name]?.fill, `${table.name}.${c.name} is generated`).toBe('generated');
        const triggerFilled = Object.entries(columns).filter(
          ([name, c]) => c.fill === 'generated' && !found.find((f) => f.name === name)?.generatedAlways,
        );
        if (triggerFilled.length > 0) {
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::int as n from pg_trigger where tgrelid = ${`public.${table.name}`}::regclass and not tgisinternal`.execute(
            t.db,
          );
          expect(
            rows[0]?.n,
            `${triggerFilled.map(([n]) => n).join(', ')} of ${table.name} need the trigger that fills them`,
          ).toBeGreaterThan(0);
        }
        // A column rows leave out must be filled without them.
        for (const [name, c] of Object.entries(columns).filter(([, c]) => c.fill === 'default'))
          expect(c.default, `${table.name}.${name} has a default`).toBeDefined();
      });

      it('is keyed by its primary key, in order', async () => {
        const { rows } = await sql<{ column_name: string }>`
          select a.attname as column_name
          from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = ${`public.${table.name}`}::regclass and i.indisprimary
          order by array_position(i.indkey::int2[], a.attnum)`.execute(t.db);
        expect(rows.map((r) => r.column_name)).toEqual([...table.key]);
      });
    });
  }
});
