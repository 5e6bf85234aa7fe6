import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam, setWebhookSecret } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { buildApp as buildGateway } from '@pipe/gateway';
import { type IngestPlatform, GENERATED_SECRET_PLATFORMS, jira, linear, NOTION_API_TOKEN, notionIngest } from '@pipe/platforms';
import { buildIngestApp, busPublisher, dbCredentials, dbIngestIo } from '@pipe/ingest-kit';
import { runProjector } from '@pipe/projector';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';

/** ingest-jira, ingest-linear and ingest-notion, the projector and the gateway, on real ports. */
export interface TrackersStack {
  team: string;
  apiKey: string;
  mcpUrl: string;
  /** `POST` URLs of the three webhooks for the team. */
  urls: { jira: string; linear: string; notion: string };
  /** The secrets the team stored: Jira's and Linear's webhook signing secrets. */
  secrets: { jira: string; linear: string };
  /** Stores the team's Notion API token (what `pipe team set-secret <team> notion-api-token` does). */
  setNotionApiToken(token: string): Promise<void>;
  /** Resolves when the Notion content fetches queued so far have finished. */
  notionFetchesIdle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the tracker ingest services in-process over a NATS and Postgres of the test's own,
 * isolated from any running stack. `notionApiBaseUrl` points the Notion fetcher at a local fake.
 */
export async function startTrackersStack(options: { team?: string; notionApiBaseUrl: string }): Promise<TrackersStack> {
  const team = options.team ?? 'acme';
  const [bus, t]: [TestBus, TestDb] = await Promise.all([createTestBus(), createTestDb()]);
  const box = new SecretBox(randomBytes(32));
  const created = await createTeam(t.db, box, team, undefined, GENERATED_SECRET_PLATFORMS);
  const secrets = { jira: randomBytes(32).toString('hex'), linear: `lin_wh_${randomBytes(16).toString('hex')}` };
  await setWebhookSecret(t.db, box, team, 'jira', secrets.jira);
  await setWebhookSecret(t.db, box, team, 'linear', secrets.linear);
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const notion = notionIngest({ apiBaseUrl: options.notionApiBaseUrl });
  const fetcher = notion.contentFetches;

  const publisher = busPublisher(bus, bus.names);
  const ingest = (platform: IngestPlatform<unknown>): FastifyInstance =>
    buildIngestApp(platform, {
      publisher,
      credentialFor: dbCredentials(t.db, box, platform.platform),
      notReadyReason: async () => null,
      bodyLimitBytes: 1024 * 1024,
      io: dbIngestIo(t.db, box, busPublisher(bus, bus.names), logger, { cacheTtlMs: 0 }),
    });
  const apps = { jira: ingest(jira.ingest), linear: ingest(linear.ingest), notion: ingest(notion) };
  const gateway = buildGateway({ db: t.db, logLevel: 'silent' });
  const stopProjector = new AbortController();
  const projector = runProjector({ db: t.db, bus, names: bus.names, logger }, stopProjector.signal);

  const all = [...Object.values(apps), gateway];
  await Promise.all(all.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
  const base = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    team,
    apiKey: created.apiKey,
    mcpUrl: `${base(gateway)}/mcp`,
    urls: {
      jira: `${base(apps.jira)}/webhooks/jira/${team}`,
      linear: `${base(apps.linear)}/webhooks/linear/${team}`,
      notion: `${base(apps.notion)}/webhooks/notion/${team}`,
    },
    secrets,
    setNotionApiToken: (token) => setWebhookSecret(t.db, box, team, NOTION_API_TOKEN, token),
    notionFetchesIdle: () => fetcher.idle(),
    async stop() {
      await Promise.all(all.map((app) => app.close()));
      await fetcher.idle();
      stopProjector.abort();
      await projector;
      await Promise.all([bus.cleanup(), t.cleanup()]);
    },
  };
}
