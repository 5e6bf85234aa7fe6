import { type IngestAppDeps, buildIngestApp } from '@pipe/ingest-kit';
import type { FastifyInstance } from 'fastify';
import { githubPlatform } from './github-platform.js';

/**
 * The GitHub ingest app: `POST /webhooks/github/:team`, `/health`, `/ready` (see `@pipe/ingest-kit`
 * for the shared behaviour). No I/O happens until a request arrives.
 */
export function buildApp(deps: IngestAppDeps): FastifyInstance {
  return buildIngestApp(githubPlatform, deps);
}
