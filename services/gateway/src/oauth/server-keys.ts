import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Database } from '@pipe/db';
import type { Kysely } from 'kysely';

/** The authorization server's secrets: cookie signing keys and the key that signs its JWTs. */
export interface ServerKeys {
  cookieKeys: string[];
  jwks: { keys: Record<string, unknown>[] };
}

const KIND = 'PipeServerKeys';

/**
 * The authorization server's keys, made once and kept in the database, so every gateway process
 * signs and checks the same cookies and tokens without another secret to configure. Whoever can
 * read the database can already read every token, so the keys live with them.
 */
export async function loadServerKeys(db: Kysely<Database>): Promise<ServerKeys> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const fresh: ServerKeys = {
    cookieKeys: [randomBytes(32).toString('base64url')],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'ES256' }] },
  };
  // Concurrent first starts race here; the first insert wins and everyone reads it.
  await db
    .insertInto('oauth_store')
    .values({ kind: KIND, id: 'current', payload: JSON.stringify(fresh) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await db
    .selectFrom('oauth_store')
    .select('payload')
    .where('kind', '=', KIND)
    .where('id', '=', 'current')
    .executeTakeFirstOrThrow();
  return (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as ServerKeys;
}
