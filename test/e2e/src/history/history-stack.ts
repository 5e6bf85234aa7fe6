import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam, setWebhookSecret } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { ChangeLog, buildApp as buildGateway } from '@pipe/gateway';
import { buildIngestApp, busPublisher, dbCredentials, dbIngestIo } from '@pipe/ingest-kit';
import { type FakeNotionApi, startFakeNotionApi } from '@pipe/platforms/testing';
import {
  GENERATED_SECRET_PLATFORMS,
  type IngestPlatform,
  type ModulePlatform,
  NOTION_API_TOKEN,
  assistant,
  discord,
  github,
  jira,
  linear,
  notionIngest,
  slack,
} from '@pipe/platforms';
import { runProjector } from '@pipe/projector';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { NOTION_API_TOKEN_VALUE, NOTION_PAGES } from './deliveries/index.js';

/** What a sender needs to deliver to one team: its URLs and the secrets it signs with. */
export interface HistoryTeam {
  slug: string;
  apiKey: string;
  /** `POST` URL of each platform's webhook for the team. */
  urls: Record<ModulePlatform, string>;
  /** The HMAC secrets the team stored (GitHub, Slack, Jira, Linear). */
  secrets: { github: string; slack: string; jira: string; linear: string };
  /** The private key of the Discord relay whose public key the team stored. */
  discordRelayKey: KeyObject;
}

/** Every ingest service, the projector, Postgres and NATS of the run's own, and two teams. */
export interface HistoryStack {
  db: TestDb['db'];
  teams: HistoryTeam[];
  /** The gateway's MCP endpoint (each team's `apiKey` opens its own items). */
  mcpUrl: string;
  /** Resolves when the Notion content fetches queued so far have finished. */
  notionFetchesIdle(): Promise<void>;
  /** The sequence of the last event in `PIPE_EVENTS` (the projector has caught up once its checkpoints reach it). */
  lastEventSeq(): Promise<number>;
  /** Stores a team's Notion API token (once its subscription is verified). */
  setNotionApiToken(team: string): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh Ed25519 key pair, the public key in Discord's hex form. */
function ed25519(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicHex: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'), privateKey };
}

/**
 * Starts ingest-github, -slack, -jira, -linear, -notion, -discord and -assistant in-process on
 * real ports, with the projector and the gateway, over a NATS and Postgres isolated from any running stack, and
 * creates the teams (`teamSlugs`) with their secrets stored as `pipe team set-secret` stores them. The fake
 * Notion API serves `notionPages` (the history's pages unless another story brings its own).
 */
export async function startHistoryStack(
  teamSlugs: readonly string[],
  notionPages: Parameters<typeof startFakeNotionApi>[0] = NOTION_PAGES,
): Promise<HistoryStack> {
  const [bus, t]: [TestBus, TestDb] = await Promise.all([createTestBus(), createTestDb()]);
  const notionApi: FakeNotionApi = await startFakeNotionApi(notionPages, NOTION_API_TOKEN_VALUE);
  const box = new SecretBox(randomBytes(32));
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const publisher = busPublisher(bus, bus.names);

  const notion = notionIngest({ apiBaseUrl: notionApi.baseUrl });
  const fetcher = notion.contentFetches;
  const ingest = (platform: IngestPlatform<unknown>): FastifyInstance =>
    buildIngestApp(platform, {
      publisher,
      credentialFor: dbCredentials(t.db, box, platform.platform),
      notReadyReason: async () => null,
      bodyLimitBytes: 1024 * 1024,
      io: dbIngestIo(t.db, box, publisher, logger, { cacheTtlMs: 0 }),
    });
  const apps: Record<ModulePlatform, FastifyInstance> = {
    github: ingest(github.ingest),
    slack: ingest(slack.ingest),
    jira: ingest(jira.ingest),
    linear: ingest(linear.ingest),
    notion: ingest(notion),
    discord: ingest(discord.ingest),
    assistant: ingest(assistant.ingest),
  };
  const gateway = buildGateway({ db: t.db, logLevel: 'silent', changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
  const stopProjector = new AbortController();
  const projector = runProjector({ db: t.db, bus, names: bus.names, logger }, stopProjector.signal);
  await Promise.all([...Object.values(apps), gateway].map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
  const base = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const teams: HistoryTeam[] = [];
  for (const slug of teamSlugs) {
    const created = await createTeam(t.db, box, slug, undefined, GENERATED_SECRET_PLATFORMS);
    const secrets = {
      github: created.webhookSecrets.github ?? randomBytes(20).toString('hex'),
      slack: randomBytes(16).toString('hex'),
      jira: randomBytes(32).toString('hex'),
      linear: `lin_wh_${randomBytes(16).toString('hex')}`,
    };
    for (const [platform, secret] of Object.entries(secrets)) await setWebhookSecret(t.db, box, slug, platform, secret);
    const application = ed25519();
    const relay = ed25519();
    await setWebhookSecret(t.db, box, slug, 'discord', `${application.publicHex},${relay.publicHex}`);
    const urls = Object.fromEntries(
      Object.entries(apps).map(([platform, app]) => [platform, `${base(app)}/webhooks/${platform}/${slug}`]),
    ) as Record<ModulePlatform, string>;
    teams.push({ slug, apiKey: created.apiKey, urls, secrets, discordRelayKey: relay.privateKey });
  }

  return {
    db: t.db,
    teams,
    mcpUrl: `${base(gateway)}/mcp`,
    notionFetchesIdle: () => fetcher.idle(),
    lastEventSeq: async () => (await bus.jsm.streams.info(bus.names.events)).state.last_seq,
    setNotionApiToken: (team) => setWebhookSecret(t.db, box, team, NOTION_API_TOKEN, NOTION_API_TOKEN_VALUE),
    async stop() {
      await Promise.all([...Object.values(apps), gateway].map((app) => app.close()));
      await fetcher.idle();
      stopProjector.abort();
      await projector;
      await Promise.all([bus.cleanup(), t.cleanup(), notionApi.close()]);
    },
  };
}
