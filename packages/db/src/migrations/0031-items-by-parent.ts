import { type Kysely, sql } from 'kysely';

/**
 * Items by their parent (a thread's replies, an issue's comments and reviews): search ranks a
 * thread as a unit and lends a strong hit's score to its replies, which needs them without
 * scanning the team's items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index items_team_parent on items (team, parent_id) where parent_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists items_team_parent`.execute(db);
}
