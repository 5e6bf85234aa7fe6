import { createApiKey, type Database } from '@pipe/db';
import { buildApp, type GatewayDeps } from '@pipe/gateway';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { CONFORMANCE_TEAM, registerConformanceFixtures } from './fixtures.js';

/**
 * The production gateway composed for `@modelcontextprotocol/conformance`: every session's server
 * also carries the suite's `test_*` fixtures, and a request without an `Authorization` header is
 * given the key of an empty team `conformance` (the suite connects without credentials). The
 * gateway itself is unchanged: the key is a real one, checked, rate limited and audited like any.
 * Test code only — never deploy it.
 */
export async function buildConformanceServer(
  deps: Omit<GatewayDeps, 'extendSession'> & { db: Kysely<Database> },
): Promise<FastifyInstance> {
  await deps.db
    .insertInto('teams')
    .values({ slug: CONFORMANCE_TEAM, name: CONFORMANCE_TEAM })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const { key } = await createApiKey(deps.db, CONFORMANCE_TEAM, 'conformance suite');
  const app = buildApp({ ...deps, extendSession: registerConformanceFixtures });
  // Added after the gateway's own hooks and before the /mcp route's: the Host and Origin checks still
  // run first, and the route authenticates the key as it would any client's.
  app.addHook('onRequest', async (request) => {
    if (request.headers.authorization === undefined) request.headers.authorization = `Bearer ${key}`;
  });
  return app;
}
