import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, type LiveLease, type StreamNames, liveLeaseBucket, liveLeaseKey } from '@pipe/bus';
import { type Database, type SecretBox, getSyncConnection, listSyncConnections, markConnectionNeedsCredential } from '@pipe/db';
import { type IngestPublisher, storeDelivery } from '@pipe/ingest-kit';
import { JetStreamApiError } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import {
  ApiCredentialError,
  IngestError,
  type IngestDelivery,
  type LiveConnection,
  PLATFORMS,
  type PlatformModule,
  deliveryContent,
  deliveryMsgIdBase,
  storableEvents,
} from '@pipe/platforms';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

/** What holding live connections needs. */
export interface LiveFeedsDeps {
  db: Kysely<Database>;
  box: SecretBox;
  bus: Pick<Bus, 'js'>;
  names: StreamNames;
  publisher: IngestPublisher;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Who holds a lease (the instance id), shown in the lease's value. */
  holder: string;
}

/** How leases behave. */
export interface LiveFeedSettings {
  /** A lease not renewed for this long lapses, and another instance takes the connection over (ms). */
  leaseMs: number;
  /** JetStream replicas of the lease bucket. */
  replicas?: number;
}

/** Longest wait before opening a feed that failed again (its failures back off from the lease time to this). */
const MAX_BACKOFF_MS = 10 * 60_000;

interface Held {
  key: string;
  team: string;
  module: PlatformModule;
  token: string;
  apiUrl: string | null;
  /** The lease's revision: renewing it is an update expecting this one, so a lease another instance took is never renewed. */
  revision: number;
  /** When the lease was last renewed (or taken). */
  renewedAt: number;
  /** When this instance took the connection (ISO), and whether its session is open: what the lease tells readers. */
  since: string;
  open: boolean;
  connection: Promise<LiveConnection | null>;
  ended: boolean;
}

/**
 * Holds the live connection of every active connection whose platform has one (Discord's Gateway),
 * once across all sync instances, until `stopping` aborts. Each is guarded by a lease in a NATS
 * key-value bucket whose entries lapse after `leaseMs`: an instance takes a connection by creating
 * its key (which fails while another holds it), renews it every third of `leaseMs` by an update
 * that expects its own revision, and lets go when the renewal fails. An instance that dies stops
 * renewing, the entry lapses, and another takes the connection within `leaseMs` and a round; a
 * draining one closes its connections (normally, after the payloads in hand are stored) and
 * deletes its keys, so another takes over at its next round. Every payload is stored as the
 * module's ingest stores a webhook delivery (see {@link storeLivePayload}).
 */
export async function runLiveFeeds(deps: LiveFeedsDeps, settings: LiveFeedSettings, stopping: AbortSignal): Promise<void> {
  const modules = new Map(PLATFORMS.filter((module) => module.api?.liveFeed).map((module) => [module.name as string, module]));
  const held = new Map<string, Held>();
  const backoff = new Map<string, { failures: number; until: number }>();
  const everyMs = Math.max(100, Math.floor(settings.leaseMs / 3));
  const value = (entry: Pick<Held, 'since' | 'open'>) =>
    JSON.stringify({ holder: deps.holder, since: entry.since, open: entry.open } satisfies LiveLease);
  // Created on first need: a stack without live platforms connected never makes the bucket.
  let kv: KV | null = null;
  const leases = async () => {
    kv ??= await new Kvm(deps.bus.js).create(liveLeaseBucket(deps.names), {
      ttl: settings.leaseMs,
      history: 1,
      replicas: settings.replicas ?? 1,
    });
    return kv;
  };

  const release = async (entry: Held, why: string) => {
    held.delete(entry.key);
    const connection = await entry.connection;
    await connection
      ?.close()
      .catch((error: unknown) => deps.logger.warn({ err: error, key: entry.key }, 'closing a live connection failed'));
    if (entry.revision > 0) await kv?.delete(entry.key, { previousSeq: entry.revision }).catch(() => undefined);
    deps.logger.info({ team: entry.team, platform: entry.module.name, why }, 'live connection released');
  };
  const failed = (key: string) => {
    const failures = (backoff.get(key)?.failures ?? 0) + 1;
    backoff.set(key, { failures, until: Date.now() + Math.min(MAX_BACKOFF_MS, settings.leaseMs * 2 ** (failures - 1)) });
  };
  const refuse = async (entry: Held, error: Error) => {
    if (error instanceof ApiCredentialError && (error.code === 'CREDENTIAL_REJECTED' || error.code === 'CREDENTIAL_INSUFFICIENT'))
      await markConnectionNeedsCredential(
        deps.db,
        entry.team,
        entry.module.name,
        `${error.message}; then run \`pipe connect ${entry.team} ${entry.module.name} --token <new token>\``,
      );
    deps.logger.warn({ team: entry.team, platform: entry.module.name, error: error.message }, 'live connection ended');
    failed(entry.key);
  };

  const open = (entry: Held): Promise<LiveConnection | null> => {
    const feed = entry.module.api?.liveFeed;
    if (!feed) return Promise.resolve(null);
    return feed
      .open({
        credential: { token: entry.token, apiUrl: entry.apiUrl },
        deliver: (payload) => storeLivePayload(deps, entry.team, entry.module, payload),
        onEnd: (error) => {
          entry.ended = true;
          void refuse(entry, error);
        },
        log: (message, detail) => deps.logger.warn({ team: entry.team, platform: entry.module.name, ...detail }, message),
      })
      .then(
        (connection) => {
          backoff.delete(entry.key);
          // The next renewal tells readers (`sources`) the session is open.
          entry.open = true;
          deps.logger.info({ team: entry.team, platform: entry.module.name }, 'live connection open');
          return connection;
        },
        async (error: Error) => {
          entry.ended = true;
          await refuse(entry, error);
          return null;
        },
      );
  };

  /**
   * Renews every held lease, Postgres or not: a database blip must not drop a session. A lease the
   * server refuses to renew (another revision: it lapsed and may be taken) is let go; one NATS did
   * not answer for is kept — its dispatches wait in order — until it is a full lease old.
   */
  const renew = async () => {
    for (const entry of [...held.values()]) {
      try {
        entry.revision = await (await leases()).update(entry.key, value(entry), entry.revision);
        entry.renewedAt = Date.now();
      } catch (error) {
        if (!(error instanceof JetStreamApiError) && Date.now() - entry.renewedAt < settings.leaseMs) continue;
        // Lapsed (or refused): another instance may hold it now, so this one lets go without deleting.
        entry.revision = -1;
        await release(entry, 'the lease lapsed');
      }
    }
  };

  /** Lets go of what is no longer wanted as it was, and takes what nobody holds. */
  const reconcile = async () => {
    const connections = (await listSyncConnections(deps.db)).filter((connection) => modules.has(connection.platform));
    const wanted = new Map(
      connections
        .filter((connection) => connection.status === 'active')
        .map((connection) => [liveLeaseKey(connection.team, connection.platform), connection]),
    );
    for (const entry of [...held.values()]) {
      const connection = wanted.get(entry.key) && (await getSyncConnection(deps.db, deps.box, entry.team, entry.module.name));
      if (!connection || connection.status !== 'active') await release(entry, 'the connection is gone or needs a new credential');
      else if (entry.ended) await release(entry, 'the connection ended');
      else if (connection.token !== entry.token || connection.apiUrl !== entry.apiUrl) await release(entry, 'a new credential');
    }
    for (const [key, summary] of wanted) {
      if (held.has(key) || (backoff.get(key)?.until ?? 0) > Date.now() || stopping.aborted) continue;
      const module = modules.get(summary.platform);
      const connection = await getSyncConnection(deps.db, deps.box, summary.team, summary.platform);
      if (!module || !connection) continue;
      const since = new Date().toISOString();
      let revision: number;
      try {
        revision = await (await leases()).create(key, value({ since, open: false }));
      } catch {
        continue; // another instance holds it
      }
      const entry: Held = {
        key,
        team: summary.team,
        module,
        token: connection.token,
        apiUrl: connection.apiUrl,
        revision,
        renewedAt: Date.now(),
        since,
        open: false,
        connection: Promise.resolve(null),
        ended: false,
      };
      entry.connection = open(entry);
      held.set(key, entry);
    }
  };

  while (!stopping.aborted) {
    await renew().catch((error: unknown) => deps.logger.warn({ err: error }, 'renewing live-connection leases failed; trying again'));
    await reconcile().catch((error: unknown) => deps.logger.warn({ err: error }, 'holding live connections failed; trying again'));
    await sleep(everyMs, undefined, { signal: stopping }).catch(() => undefined);
  }
  await Promise.all([...held.values()].map((entry) => release(entry, 'the sync instance is draining')));
}

/**
 * Stores one payload of a live connection the way ingest stores a webhook delivery of the module:
 * its delivery id from the payload (`ingest.deliveryId`), its events from the pure normaliser, the
 * raw body in `PIPE_RAW`, message ids per team and content (the platform's `retryFields` left out,
 * so a Discord dispatch relayed by a bot as well is stored once). A payload the normaliser cannot
 * read is logged and passed over — it would fail the same way every time; a NATS failure is thrown
 * for the feed to retry.
 */
export async function storeLivePayload(
  deps: Pick<LiveFeedsDeps, 'publisher' | 'logger'>,
  team: string,
  module: PlatformModule,
  payload: unknown,
): Promise<void> {
  const platform = module.ingest;
  const rawBody = Buffer.from(JSON.stringify(payload));
  try {
    const deliveryId = platform.deliveryId({ headers: {}, payload });
    const delivery: IngestDelivery = {
      team,
      platform: module.name,
      deliveryId,
      receivedAt: new Date().toISOString(),
      headers: {},
      rawBody,
      payload,
    };
    const normalized = await platform.normalize(delivery, undefined);
    const result = normalized.outcome === 'events' ? { ...normalized, events: storableEvents(normalized.events, module.name) } : normalized;
    const content = deliveryContent(rawBody, platform.retryFields, payload);
    await storeDelivery(delivery, result, deps.publisher, deliveryMsgIdBase(team, module.name, deliveryId, content));
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    deps.logger.warn({ team, platform: module.name, code: error.code, error: error.message }, 'a live payload was not stored');
  }
}
