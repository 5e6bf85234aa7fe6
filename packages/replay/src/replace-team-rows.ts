import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { LIVE_SCHEMA, READ_MODEL_TABLES } from './read-model-schema.js';

/**
 * Replaces one team's rows in the live model with the rebuilt ones, inside the caller's
 * transaction (which holds the live checkpoint lock). Generated columns are left to Postgres.
 */
export async function replaceTeamRows(tx: Kysely<Database>, schema: string, team: string): Promise<void> {
  for (const table of READ_MODEL_TABLES.filter((t) => t !== 'checkpoints')) {
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = ${LIVE_SCHEMA} and table_name = ${table} and is_generated = 'NEVER' order by ordinal_position`.execute(tx);
    const columns = rows.map((r) => `"${r.column_name}"`).join(', ');
    await sql`delete from ${sql.table(`${LIVE_SCHEMA}.${table}`)} where team = ${team}`.execute(tx);
    await sql`insert into ${sql.table(`${LIVE_SCHEMA}.${table}`)} (${sql.raw(columns)})
      select ${sql.raw(columns)} from ${sql.table(`${schema}.${table}`)} where team = ${team}`.execute(tx);
  }
}
