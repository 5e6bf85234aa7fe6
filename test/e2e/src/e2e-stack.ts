import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam, setWebhookSecret } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { ChangeLog, buildApp as buildGateway } from '@pipe/gateway';
import { buildIngestApp, busPublisher, dbCredentials, dbIngestIo } from '@pipe/ingest-kit';
import { type IngestPlatform, GENERATED_SECRET_PLATFORMS, github, slack } from '@pipe/platforms';
import { runProjector } from '@pipe/projector';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';

/** The three services wired over a real NATS and Postgres of the test's own, on real ports. */
export interface E2eStack {
  team: string;
  apiKey: string;
  webhookSecret: string;
  ingestUrl: string;
  mcpUrl: string;
  /** The webhook URL of each further platform's ingest app (`slack`, …), on real ports. */
  webhookUrls: Record<string, string>;
  /** The team's stored secret for each further platform (Slack's signing secret, …). */
  platformSecrets: Record<string, string>;
  /** Creates another team in the same stack and returns its API key. */
  addTeam(slug: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts ingest-github, the projector and the gateway in-process, isolated from any running stack. */
export async function startE2eStack(team = 'acme'): Promise<E2eStack> {
  const [bus, t]: [TestBus, TestDb] = await Promise.all([createTestBus(), createTestDb()]);
  const box = new SecretBox(randomBytes(32));
  const created = await createTeam(t.db, box, team, undefined, GENERATED_SECRET_PLATFORMS);
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });

  const ingest: FastifyInstance = buildIngestApp(github.ingest, {
    bodyLimitBytes: 1024 * 1024,
    publisher: busPublisher(bus, bus.names),
    credentialFor: dbCredentials(t.db, box, 'github'),
    notReadyReason: async () => null,
    io: dbIngestIo(t.db, box, busPublisher(bus, bus.names), logger, { cacheTtlMs: 0 }),
  });
  // Further platforms: one entry each, served by the ingest kit with the team's secret stored.
  const platforms: IngestPlatform<unknown>[] = [slack.ingest];
  const platformSecrets: Record<string, string> = {};
  const platformApps = new Map<string, FastifyInstance>();
  for (const platform of platforms) {
    platformSecrets[platform.platform] = randomBytes(16).toString('hex');
    await setWebhookSecret(t.db, box, team, platform.platform, platformSecrets[platform.platform] as string);
    platformApps.set(
      platform.platform,
      buildIngestApp(platform, {
        bodyLimitBytes: 1024 * 1024,
        publisher: busPublisher(bus, bus.names),
        credentialFor: dbCredentials(t.db, box, platform.platform),
        notReadyReason: async () => null,
        io: dbIngestIo(t.db, box, busPublisher(bus, bus.names), logger, { cacheTtlMs: 0 }),
      }),
    );
  }
  const gateway = buildGateway({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
  const stopProjector = new AbortController();
  const projector = runProjector({ db: t.db, bus, names: bus.names, logger }, stopProjector.signal);

  await Promise.all([ingest.listen({ port: 0, host: '127.0.0.1' }), gateway.listen({ port: 0, host: '127.0.0.1' })]);
  await Promise.all([...platformApps.values()].map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
  const port = (app: FastifyInstance) => (app.server.address() as AddressInfo).port;
  const webhookUrls = Object.fromEntries(
    [...platformApps].map(([name, app]) => [name, `http://127.0.0.1:${port(app)}/webhooks/${name}/${team}`]),
  );
  return {
    team,
    apiKey: created.apiKey,
    webhookSecret: created.webhookSecrets.github as string,
    ingestUrl: `http://127.0.0.1:${port(ingest)}/webhooks/github/${team}`,
    mcpUrl: `http://127.0.0.1:${port(gateway)}/mcp`,
    webhookUrls,
    platformSecrets,
    addTeam: async (slug) => (await createTeam(t.db, box, slug, undefined, GENERATED_SECRET_PLATFORMS)).apiKey,
    async stop() {
      await Promise.all([ingest.close(), gateway.close(), ...[...platformApps.values()].map((app) => app.close())]);
      stopProjector.abort();
      await projector;
      await Promise.all([bus.cleanup(), t.cleanup()]);
    },
  };
}
