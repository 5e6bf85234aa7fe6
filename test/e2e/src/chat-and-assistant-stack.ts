import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam, setWebhookSecret } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { buildApp as buildGateway } from '@pipe/gateway';
import { GENERATED_SECRET_PLATFORMS, assistant, discord } from '@pipe/platforms';
import { buildIngestApp, busPublisher, dbCredentials, dbIngestIo } from '@pipe/ingest-kit';
import { runProjector } from '@pipe/projector';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';

/** ingest-discord and ingest-assistant, the projector and the gateway, on real ports. */
export interface ChatAndAssistantStack {
  team: string;
  apiKey: string;
  mcpUrl: string;
  /** `POST` URLs of the team's Discord endpoint and assistant hook endpoint. */
  urls: { discord: string; assistant: string };
  /** The private key of the Gateway relay whose public key the team stored (beside the application's). */
  relayKey: KeyObject;
  stop(): Promise<void>;
}

/** A fresh Ed25519 key pair, the public key in Discord's hex form. */
function ed25519(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicHex: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'), privateKey };
}

/** Starts the Discord and assistant ingest services in-process over a NATS and Postgres of the test's own. */
export async function startChatAndAssistantStack(team = 'acme'): Promise<ChatAndAssistantStack> {
  const [bus, t]: [TestBus, TestDb] = await Promise.all([createTestBus(), createTestDb()]);
  const box = new SecretBox(randomBytes(32));
  const created = await createTeam(t.db, box, team, undefined, GENERATED_SECRET_PLATFORMS);
  const application = ed25519();
  const relay = ed25519();
  await setWebhookSecret(t.db, box, team, 'discord', `${application.publicHex},${relay.publicHex}`);
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });

  const publisher = busPublisher(bus, bus.names);
  const ingest = (platform: Parameters<typeof buildIngestApp>[0]): FastifyInstance =>
    buildIngestApp(platform, {
      publisher,
      credentialFor: dbCredentials(t.db, box, platform.platform),
      notReadyReason: async () => null,
      bodyLimitBytes: 1024 * 1024,
      io: dbIngestIo(t.db, box, publisher, logger, { cacheTtlMs: 0 }),
    });
  const apps = { discord: ingest(discord.ingest), assistant: ingest(assistant.ingest) };
  const gateway = buildGateway({ db: t.db, logLevel: 'silent' });
  const stopProjector = new AbortController();
  const projector = runProjector({ db: t.db, bus, names: bus.names, logger }, stopProjector.signal);

  const all = [apps.discord, apps.assistant, gateway];
  await Promise.all(all.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
  const base = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    team,
    apiKey: created.apiKey,
    mcpUrl: `${base(gateway)}/mcp`,
    urls: { discord: `${base(apps.discord)}/webhooks/discord/${team}`, assistant: `${base(apps.assistant)}/webhooks/assistant/${team}` },
    relayKey: relay.privateKey,
    async stop() {
      await Promise.all(all.map((app) => app.close()));
      stopProjector.abort();
      await projector;
      await Promise.all([bus.cleanup(), t.cleanup()]);
    },
  };
}
