import { type Database, parseOAuthAccountId } from '@pipe/db';
import type { Kysely } from 'kysely';
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * oidc-provider's storage in Postgres: every model (client, grant, code, token, session,
 * interaction) is one `oauth_store` row keyed by its kind, so the authorization server's state is
 * shared by every gateway process and survives restarts. Rows carry their grant (revoking a grant
 * deletes its family in one statement) and, when the payload names an account, its team.
 */
export function postgresAdapter(db: Kysely<Database>): AdapterFactory {
  return (kind: string): Adapter => ({
    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const grantId = kind === 'Grant' ? id : (payload.grantId ?? null);
      const team = payload.accountId === undefined ? null : (parseOAuthAccountId(payload.accountId)?.team ?? null);
      const expiresAt = expiresIn === undefined ? null : new Date(Date.now() + expiresIn * 1000);
      const row = {
        kind,
        id,
        payload: JSON.stringify(payload),
        grant_id: grantId,
        uid: payload.uid ?? null,
        team,
        expires_at: expiresAt,
      };
      await db
        .insertInto('oauth_store')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['kind', 'id']).doUpdateSet({ payload: row.payload, grant_id: grantId, uid: row.uid, team, expires_at: expiresAt }),
        )
        .execute();
    },

    async find(id: string): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('oauth_store')
        .select(['payload', 'consumed_at', 'expires_at'])
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return payloadOf(row);
    },

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('oauth_store')
        .select(['payload', 'consumed_at', 'expires_at'])
        .where('kind', '=', kind)
        .where('uid', '=', uid)
        .executeTakeFirst();
      return payloadOf(row);
    },

    async findByUserCode(): Promise<undefined> {
      // Device flow is not enabled; nothing is stored by user code.
      return undefined;
    },

    async consume(id: string): Promise<void> {
      await db.updateTable('oauth_store').set({ consumed_at: new Date() }).where('kind', '=', kind).where('id', '=', id).execute();
    },

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oauth_store').where('kind', '=', kind).where('id', '=', id).execute();
    },

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oauth_store').where('grant_id', '=', grantId).execute();
    },
  });
}

/** The stored payload, marked consumed when it was, or undefined when it has expired. */
function payloadOf(row: { payload: unknown; consumed_at: Date | null; expires_at: Date | null } | undefined): AdapterPayload | undefined {
  if (row === undefined) return undefined;
  if (row.expires_at !== null && row.expires_at.getTime() <= Date.now()) return undefined;
  const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as AdapterPayload;
  return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) };
}

/** Deletes rows that expired (called now and then; expired rows are already ignored when read). */
export async function pruneExpired(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom('oauth_store').where('expires_at', '<', new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
