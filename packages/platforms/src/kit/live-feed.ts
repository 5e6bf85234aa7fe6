import type { ApiCredential } from './platform-api.js';

/**
 * A platform that pushes what happens over a connection the client holds — Discord's Gateway —
 * rather than posting webhooks. The sync service holds one per connection (see its live feeds):
 * every payload it hands over is stored like a webhook delivery of the module (`ingest.deliveryId`,
 * `ingest.normalize`, the raw body in `PIPE_RAW`).
 */
export interface LiveFeed {
  /** Connects with the team's credential; resolves once the platform accepted it and events flow. */
  open(options: LiveFeedOptions): Promise<LiveConnection>;
}

/** What a feed is opened with. */
export interface LiveFeedOptions {
  credential: ApiCredential;
  /**
   * Stores one payload (a delivery body the module's normaliser reads). Payloads are handed over
   * one at a time, in the order the platform sent them; the feed retries a failed store with
   * backoff while it is open, so nothing the platform sent is dropped for a NATS hiccup.
   */
  deliver(payload: unknown): Promise<void>;
  /**
   * The feed ended for good, with why: the platform refused the credential (`ApiCredentialError`
   * `CREDENTIAL_REJECTED` / `CREDENTIAL_INSUFFICIENT`) or gave up on the connection. Reconnects the
   * platform asks for (resume, a new session) happen inside the feed and are not reported.
   */
  onEnd(error: Error): void;
  /** Where the feed says what it does (reconnects, failed stores). */
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

/** An open feed. */
export interface LiveConnection {
  /** Closes the connection (a normal close, so the platform ends the session) once the payloads in hand are stored. */
  close(): Promise<void>;
}
