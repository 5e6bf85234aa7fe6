import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './connect.js';
import { fixedStatement, param, preparedStatement } from './prepared-statements.js';
import { createTestDb, type TestDb } from './testing/index.js';

describe('prepared statements', () => {
  let t: TestDb;
  beforeAll(async () => (t = await createTestDb()));
  afterAll(() => t.cleanup());

  it('are prepared once per connection and follow a table swapped in under the same name', async () => {
    // One connection, so every statement below runs in the same session.
    const db = createDb({ url: t.url, poolSize: 1 });
    try {
      await sql`create table things (v text)`.execute(db);
      await sql`insert into things values ('before')`.execute(db);
      const read = () => sql<{ v: string }>`${preparedStatement('read-things')} select v from things where v <> ${''}`.execute(db);
      expect((await read()).rows).toEqual([{ v: 'before' }]);
      expect((await read()).rows).toEqual([{ v: 'before' }]);
      const prepared = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db);
      expect(prepared.rows.map((r) => r.name)).toEqual([expect.stringMatching(/^read-things-[0-9a-f]{12}$/)]);

      // What `pipe replay` does on swap: the live table moves out, the rebuilt one moves in.
      await sql`create schema rebuilt`.execute(db);
      await sql`create table rebuilt.things (v text)`.execute(db);
      await sql`insert into rebuilt.things values ('after')`.execute(db);
      await sql`create schema old`.execute(db);
      await sql`alter table public.things set schema old`.execute(db);
      await sql`alter table rebuilt.things set schema public`.execute(db);
      expect((await read()).rows).toEqual([{ v: 'after' }]);
    } finally {
      await db.destroy();
    }
  });

  it('refuses a name that could break out of the marker comment', () => {
    expect(() => preparedStatement('x */ drop table items; /*')).toThrow(/lowercase letters, digits and dashes/);
  });

  it("a fixed statement runs with each call's values, prepared, and refuses a value written into its text", async () => {
    const db = createDb({ url: t.url, poolSize: 1 });
    try {
      const pick = fixedStatement<{ n: number; s: string }>(
        'pick-values',
        sql`select ${param(1)}::int + ${sql.lit(1)} as n, ${param(2)}::text as s`,
      );
      expect((await pick(db, [1, 'a'])).rows).toEqual([{ n: 2, s: 'a' }]);
      expect((await pick(db, [41, 'b'])).rows).toEqual([{ n: 42, s: 'b' }]);
      const prepared = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db);
      expect(prepared.rows.map((r) => r.name)).toEqual([expect.stringMatching(/^pick-values-[0-9a-f]{12}$/)]);

      const varying = fixedStatement('varying', sql`select ${'a value'}::text as s`);
      await expect(varying(db, [])).rejects.toThrow(/has values of its own: write them as param\(n\)/);
    } finally {
      await db.destroy();
    }
  });
});
