import { randomBytes } from 'node:crypto';
import { connectBus } from '@pipe/bus';
import { createTestBus, type TestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam, setWebhookSecret } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type PipeEvent, decodeEvent } from '@pipe/events';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { type IngestAppDeps, buildIngestApp } from '../build-ingest-app.js';
import type { IngestConfig } from '../ingest-config.js';
import type { IngestPlatform } from '@pipe/platforms';
import { dbIngestIo } from '../db-lookups.js';
import { type IngestPublisher, busPublisher } from '../publisher.js';
import { type RawDelivery, readRawDelivery } from '../raw-delivery.js';
import type { IngestResources } from '../run-ingest-service.js';
import { dbCredentials } from '../team-credentials.js';
import { GENERATED_SECRET_PLATFORMS } from '@pipe/platforms';

/** Options of {@link createIngestHarness}. */
export interface IngestHarnessOptions {
  /** The team created for the test (default `acme`). */
  team?: string;
  /**
   * The team's secret for the platform: a value to store (a Discord public key, a known Slack
   * signing secret), null to store none, or undefined for a fresh random one (64 hex characters).
   */
  secret?: string | null;
  /** Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Extra configuration a platform factory reads (beside the shared ingest fields). */
  config?: Record<string, unknown>;
}

/** One platform's ingest app over a real NATS and Postgres of the test's own, with a team. */
export interface IngestHarness {
  app: FastifyInstance;
  bus: TestBus;
  testDb: TestDb;
  box: SecretBox;
  team: string;
  /** The team's secret for the platform (null when none was stored). */
  secret: string | null;
  /** The team's API key (for platforms authenticated by it). */
  apiKey: string;
  deps: IngestAppDeps;
  /** `POST /webhooks/<platform>/<team>` with JSON content type unless `headers` says otherwise. */
  post(
    body: string | Buffer,
    options?: { headers?: Record<string, string>; team?: string; via?: FastifyInstance },
  ): Promise<LightMyRequestResponse>;
  /** Another app for the same platform with some dependencies replaced (a small body limit…). */
  buildApp(overrides?: Partial<IngestAppDeps>): FastifyInstance;
  /** A publisher on a closed NATS connection: every publish fails as when NATS is down. */
  offlinePublisher(): Promise<IngestPublisher>;
  /** Creates another team, storing `secret` (or a fresh one) for the platform; returns the secret. */
  addTeam(slug: string, secret?: string): Promise<string>;
  /** How many messages `PIPE_EVENTS` holds. */
  storedEvents(): Promise<number>;
  /** How many messages `PIPE_RAW` holds. */
  storedRaw(): Promise<number>;
  /** Every event in `PIPE_EVENTS`, decoded, oldest first (from stream sequence `fromSeq`). */
  events(fromSeq?: number): Promise<PipeEvent[]>;
  /** Every record in `PIPE_RAW`, read back, oldest first. */
  rawDeliveries(): Promise<RawDelivery[]>;
  /** Closes the apps, deletes the streams, drops the database. */
  cleanup(): Promise<void>;
}

type PlatformSource = IngestPlatform<unknown> | ((resources: IngestResources) => IngestPlatform<unknown>);

/**
 * Builds a platform's ingest app against a test bus (isolated stream namespace) and a test
 * database, with a team and its secret for the platform.
 *
 * @example
 * const h = await createIngestHarness(slackPlatform, { secret: '8f742231b10e8888abcd99yyyzzz85a5' });
 * const response = await h.post(body, { headers: signSlack(h.secret!, body) });
 * expect(await h.storedEvents()).toBe(3);
 */
export async function createIngestHarness(source: PlatformSource, options: IngestHarnessOptions = {}): Promise<IngestHarness> {
  const [bus, testDb] = await Promise.all([createTestBus(), createTestDb()]);
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const team = options.team ?? 'acme';
  const logger = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const config = {
    PORT: 0,
    HOST: '127.0.0.1',
    NATS_URL: bus.url,
    DATABASE_URL: testDb.url,
    PIPE_NAMESPACE: bus.namespace,
    PIPE_SECRET_KEY: key.toString('base64'),
    INGEST_BODY_LIMIT_BYTES: options.bodyLimitBytes ?? 1024 * 1024,
    INGEST_PUBLISH_TIMEOUT_MS: 2000,
    LOG_LEVEL: 'silent',
    ...options.config,
  } as IngestConfig;
  const platform = typeof source === 'function' ? source({ config, bus, names: bus.names, db: testDb.db, box, logger }) : source;
  const created = await createTeam(testDb.db, box, team, undefined, GENERATED_SECRET_PLATFORMS);
  const storeSecret = async (slug: string, secret: string | null | undefined) => {
    const value = secret === undefined ? randomBytes(32).toString('hex') : secret;
    if (value !== null) await setWebhookSecret(testDb.db, box, slug, platform.platform, value);
    return value;
  };
  const secret = await storeSecret(team, options.secret);

  const publisher = busPublisher(bus, bus.names);
  const deps: IngestAppDeps = {
    bodyLimitBytes: config.INGEST_BODY_LIMIT_BYTES,
    publisher,
    io: dbIngestIo(testDb.db, box, publisher, logger, { cacheTtlMs: 0 }),
    credentialFor: dbCredentials(testDb.db, box, platform.platform),
    notReadyReason: async () => null,
  };
  const apps: FastifyInstance[] = [];
  const buildApp = (overrides: Partial<IngestAppDeps> = {}) => {
    const app = buildIngestApp(platform, { ...deps, ...overrides });
    apps.push(app);
    return app;
  };
  const app = buildApp();

  const count = async (stream: string) => (await bus.jsm.streams.info(stream)).state.messages;
  const readAll = async (stream: string, fromSeq = 1) => {
    const info = await bus.jsm.streams.info(stream);
    const messages = [];
    for (let seq = Math.max(fromSeq, info.state.first_seq); seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
      const message = await bus.jsm.streams.getMessage(stream, { seq });
      if (message) messages.push(message);
    }
    return messages;
  };

  return {
    app,
    bus,
    testDb,
    box,
    team,
    secret,
    apiKey: created.apiKey,
    deps,
    post: (body, postOptions = {}) =>
      (postOptions.via ?? app).inject({
        method: 'POST',
        url: `/webhooks/${platform.platform}/${postOptions.team ?? team}`,
        headers: { 'content-type': 'application/json', ...postOptions.headers },
        payload: body,
      }),
    buildApp,
    async offlinePublisher() {
      const gone = await connectBus({ url: bus.url, name: 'pipe-test-offline' });
      await gone.nc.close();
      return busPublisher(gone, bus.names, { timeoutMs: 500 });
    },
    async addTeam(slug, teamSecret) {
      await createTeam(testDb.db, box, slug, undefined, GENERATED_SECRET_PLATFORMS);
      return (await storeSecret(slug, teamSecret)) as string;
    },
    storedEvents: () => count(bus.names.events),
    storedRaw: () => count(bus.names.raw),
    events: async (fromSeq) => (await readAll(bus.names.events, fromSeq)).map((message) => decodeEvent(message.data)),
    rawDeliveries: async () => (await readAll(bus.names.raw)).map((message) => readRawDelivery(message.data, message.header)),
    async cleanup() {
      await Promise.all(apps.map((each) => each.close()));
      await Promise.all([bus.cleanup(), testDb.cleanup()]);
    },
  };
}
