import type { PipeEvent } from '@pipe/events';

/**
 * A logger as the platforms use it (pino's shape, structurally): an object of fields, then the
 * message.
 */
export interface IngestLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/** Issue id → key, per team, learnt from earlier deliveries: for link events that name issues by numeric id only. */
export interface IssueKeyDirectory {
  /** The keys known for these ids; unknown ids are absent from the map. */
  keysFor(team: string, ids: readonly string[]): Promise<Map<string, string>>;
  /** Records pairs a delivery stated; the latest wins (a moved issue changes key). */
  remember(team: string, pairs: readonly { id: string; key: string }[]): Promise<void>;
}

/**
 * The lookups a platform's I/O steps may use: `verify`, `enrich` (before the pure normaliser) and
 * the handshake. The ingest runtime hands over Postgres-backed ones (`dbLookups` in
 * `@pipe/ingest-kit`); replay passes the same to run `enrich`, or none to skip it on purpose.
 */
export interface IngestLookups {
  /** The team an unrevoked Pipe API key belongs to, or null (requests may authenticate with one). */
  teamForApiKey(key: string): Promise<string | null>;
  /** Whether the team opted in to keeping prompt text (`pipe team set <team> … prompts on`). */
  storesPrompts(team: string): Promise<boolean>;
  /** The team's stored secret under `name` (a platform, or an API token's name), decrypted; null when none. */
  secret(team: string, name: string): Promise<string | null>;
  /** Stores (encrypted) the team's secret under `name`. */
  setSecret(team: string, name: string, value: string): Promise<void>;
  /** Issue keys learnt from earlier deliveries. */
  issueKeys: IssueKeyDirectory;
}

/**
 * Everything the ingest runtime hands a platform's I/O steps: the lookups, the service's logger,
 * and a publisher for events derived after the answer (content fetched from the platform's API).
 */
export interface IngestIo extends IngestLookups {
  logger: IngestLogger;
  /** Stores an event in `PIPE_EVENTS` under `Nats-Msg-Id` `msgId`, resolving once JetStream acknowledged it. */
  publishEvent(event: PipeEvent, msgId: string): Promise<unknown>;
}
