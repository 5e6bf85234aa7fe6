import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/** A session as stored, enough to rebuild it on any gateway process. */
export interface StoredSession {
  id: string;
  team: string;
  keyId: string;
  initialize: Record<string, unknown>;
  subscriptions: string[];
}

/**
 * MCP sessions in Postgres, so a client whose next request lands on another gateway process (or
 * on this one after a restart) keeps its session, its subscriptions and, through `Last-Event-ID`,
 * the notifications it missed.
 */
export class SessionStore {
  constructor(readonly db: Kysely<Database>) {}

  /** Records a new session. */
  async create(session: StoredSession): Promise<void> {
    await this.db
      .insertInto('gateway_sessions')
      .values({
        id: session.id,
        team: session.team,
        key_id: session.keyId,
        initialize: JSON.stringify(session.initialize),
        subscriptions: JSON.stringify(session.subscriptions),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** A stored session of this team, or null (another team's session is never returned). */
  async find(id: string, team: string): Promise<StoredSession | null> {
    const row = await this.db.selectFrom('gateway_sessions').selectAll().where('id', '=', id).where('team', '=', team).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      team: row.team,
      keyId: row.key_id,
      initialize: row.initialize as Record<string, unknown>,
      subscriptions: row.subscriptions,
    };
  }

  /** Saves the session's subscriptions. */
  async saveSubscriptions(id: string, subscriptions: string[]): Promise<void> {
    await this.db
      .updateTable('gateway_sessions')
      .set({ subscriptions: JSON.stringify(subscriptions), last_seen_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Marks sessions as alive. */
  async touch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('gateway_sessions').set({ last_seen_at: new Date() }).where('id', 'in', ids).execute();
  }

  /** Forgets a session (it was deleted or expired). */
  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('gateway_sessions').where('id', '=', id).execute();
  }

  /** Forgets sessions nobody used for `idleMs`; returns how many. */
  async expire(idleMs: number): Promise<number> {
    const result = await this.db
      .deleteFrom('gateway_sessions')
      .where('last_seen_at', '<', sql<Date>`now() - make_interval(secs => ${idleMs / 1000})`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
