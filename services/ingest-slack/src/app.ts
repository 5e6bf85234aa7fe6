import { type IngestAppDeps, buildIngestApp } from '@pipe/ingest-kit';
import type { FastifyInstance } from 'fastify';
import { slackPlatform } from './slack-platform.js';

/** The Slack ingest app: `POST /webhooks/slack/:team`, `/health`, `/ready`. No I/O until a request. */
export function buildApp(deps: IngestAppDeps): FastifyInstance {
  return buildIngestApp(slackPlatform, deps);
}
