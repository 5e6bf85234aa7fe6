import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { edgesTable, itemsTable, sourceStatsTable } from './read-model-tables.js';
import { columnNames, insertUnnested, rowKey, unnestArrays } from './unnest.js';

/** Compiles without a database. */
const db = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const stats = (platform: string) => ({
  team: 'acme',
  platform,
  last_event_seq: 3,
  last_received_at: '2026-11-01T10:00:00.000Z',
  last_occurred_at: '2026-11-01T09:00:00.000Z',
  events: 2,
});

describe('statements from a table definition', () => {
  it('insert every row with one array per column, cast to its type, and stamp the write time', () => {
    const { sql: text, parameters } = insertUnnested(sourceStatsTable, [stats('github'), stats('slack')]).compile(db);
    expect(text).toBe(
      'insert into "source_stats" ("team", "platform", "last_event_seq", "last_received_at", "last_occurred_at", "events", "last_applied_at") ' +
        'select *, now() from unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::timestamptz[], $6::bigint[])',
    );
    expect(parameters).toEqual([
      ['acme', 'acme'],
      ['github', 'slack'],
      [3, 3],
      ['2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'],
      ['2026-11-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z'],
      [2, 2],
    ]);
  });

  it('keep the same text whatever the number of rows, so a prepared statement is planned once', () => {
    const one = insertUnnested(sourceStatsTable, [stats('github')]).compile(db).sql;
    expect(
      insertUnnested(
        sourceStatsTable,
        Array.from({ length: 500 }, (_, i) => stats(`p${i}`)),
      ).compile(db).sql,
    ).toBe(one);
  });

  it('leave out the columns Postgres fills', () => {
    const { sql: text } = insertUnnested(itemsTable, []).compile(db);
    expect(text).not.toMatch(/search/);
    expect(text.match(/::\w+\[\]/g)).toHaveLength(itemsTable.rowColumns.length);
  });

  it('name a key and unnest just its columns', () => {
    const key = sql`(${columnNames(edgesTable, edgesTable.key)}) in (select * from unnest(${unnestArrays(edgesTable, edgesTable.key, [{ team: 'acme', from_id: 'a', to_ref: 'b', type: 'REFERENCES', origin: 'text' }])}))`;
    expect(key.compile(db).sql).toBe(
      '("team", "from_id", "type", "to_ref", "origin") in (select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]))',
    );
  });

  it('key a row by its key columns in order', () => {
    expect(rowKey(edgesTable)({ team: 'acme', from_id: 'a', to_ref: 'b', type: 'REFERENCES', origin: 'text', rule: 'x' })).toBe(
      'acme\u0000a\u0000REFERENCES\u0000b\u0000text',
    );
  });
});
