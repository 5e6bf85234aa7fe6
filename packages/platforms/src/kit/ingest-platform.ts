import type { PipeEvent, Platform } from '@pipe/events';
import type { IngestIo, IngestLookups } from './ingest-io.js';

/** Request headers as Node gives them: names lowercased. */
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** What a verification hook sees: the exact bytes received, before anything is parsed. */
export interface VerifyContext {
  team: string;
  /** Every request header (names lowercased). */
  headers: IncomingHeaders;
  /** The body exactly as received: signatures cover these bytes. */
  rawBody: Buffer;
  /**
   * The team's stored secret for the platform (a webhook signing secret, a public key, a
   * verification token…). `''` when the platform declares `secret: 'none'`.
   */
  secret: string;
  /** Now, in epoch ms, for timestamp checks (fixed per request). */
  nowMs: number;
  /** Lookups, for a platform that authenticates otherwise (an API key's team). */
  io: IngestLookups;
}

/** What a handshake hook sees. */
export interface HandshakeContext {
  team: string;
  headers: IncomingHeaders;
  rawBody: Buffer;
  /** The parsed body. */
  payload: unknown;
  /** Lookups, the logger (a handshake may store and log a verification token). */
  io: IngestIo;
}

/** A handshake answer, sent as is; nothing is published. */
export interface HandshakeReply {
  /** Default 200. */
  status?: number;
  /** Sent as JSON when an object, as text when a string; omitted → empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One verified delivery, as a normaliser receives it — and as it can be rebuilt from `PIPE_RAW`
 * later: `headers` holds only the platform's {@link IngestPlatform.rawHeaders}, so a normaliser
 * cannot depend on anything the raw record does not keep.
 */
export interface IngestDelivery {
  team: string;
  platform: Platform;
  /** What {@link IngestPlatform.deliveryId} returned; redeliveries share it. */
  deliveryId: string;
  /** When Pipe received it (ISO 8601). */
  receivedAt: string;
  /** Only the headers named in `rawHeaders` (names lowercased). */
  headers: Readonly<Record<string, string>>;
  rawBody: Buffer;
  /** The parsed body. */
  payload: unknown;
}

/** A delivery deliberately not turned into events; the kit records it as `delivery.skipped`. */
export interface SkippedDelivery {
  outcome: 'skipped';
  /** The platform's event type (`star`, `app_mention`…). */
  event: string;
  /** Its action or subtype, when it has one. */
  action: string | null;
  /** Why, for a person reading the log: `<platform> event 'star' is not normalised yet`. */
  reason: string;
}

/** What a normaliser made of a delivery: events to publish (in order), or a skip. */
export type NormalizeResult = { outcome: 'events'; events: PipeEvent[] } | SkippedDelivery;

/** Builds a {@link SkippedDelivery}. */
export const skipDelivery = (event: string, action: string | null, reason: string): SkippedDelivery => ({
  outcome: 'skipped',
  event,
  action,
  reason,
});

/**
 * Everything that differs between platforms on the ingest side; a platform module's `ingest`.
 * The ingest runtime (`@pipe/ingest-kit`) does the HTTP, the limits, the errors, `PIPE_RAW`, the
 * publishing and the answers.
 *
 * Order per request: team → secret → `handshake` (stage `before-verify`) → `verify` →
 * `parse` → `handshake` (stage `after-verify`) → `deliveryId` → `enrich` (I/O) → `normalize`
 * (pure) → publish raw (`keptBody`), then the events (or one `delivery.skipped`) → `afterStore`
 * (I/O) → answer `acceptedStatus` once JetStream acked them all.
 *
 * `Context` is what `enrich` looks up for `normalize` (issue keys learnt earlier, a team's
 * opt-in). Replay and `pipe replay --renormalize` run `enrich` or skip it on purpose;
 * `normalize` then gets `undefined` and uses its defaults.
 */
export interface IngestPlatform<Context = undefined> {
  /** The platform; also the URL segment (`/webhooks/<platform>/:team`) and the secret's key. */
  platform: Platform;
  /**
   * Where the team's credential comes from: `'webhook-secret'` (default) reads the team's stored
   * secret for `platform` and answers 401 `SECRET_NOT_SET` when there is none; `'none'` skips
   * that (the platform authenticates otherwise, e.g. an API key checked in `verify`).
   */
  secret?: 'webhook-secret' | 'none';
  /** Accepted content types (default `['application/json']`); others get 415 with `contentTypeHint`. */
  contentTypes?: readonly string[];
  /** Said in the 415 answer: how to configure the platform to send JSON. */
  contentTypeHint?: string;
  /**
   * Headers kept with the raw body in `PIPE_RAW` and handed to `normalize` (lowercase names),
   * e.g. the event-name and delivery-id headers. Signatures need not be kept: the raw record
   * is stored only once verified. (The headers logs must not show are the module's `redactHeaders`.)
   */
  rawHeaders: readonly string[];
  /**
   * Throws {@link IngestError} `SIGNATURE_MISSING` / `SIGNATURE_INVALID` / `TIMESTAMP_STALE` /
   * `UNAUTHORIZED` (all 401) unless the request is authentic. Runs before the body is parsed.
   */
  verify(context: VerifyContext): void | Promise<void>;
  /** Parses the verified body; default `JSON.parse`, a failure answers 400 `MALFORMED_BODY`. */
  parse?(rawBody: Buffer, headers: IncomingHeaders): unknown;
  /**
   * A platform handshake (a URL verification challenge, a PING, a verification-token request): return the reply to send, or null for an ordinary delivery. Runs after
   * `verify` unless `stage` is `'before-verify'` — only for handshakes the platform does not sign
   * (a verification-token request that arrives before the token is stored).
   */
  handshake?: {
    stage?: 'after-verify' | 'before-verify';
    answer(context: HandshakeContext): HandshakeReply | null | Promise<HandshakeReply | null>;
  };
  /**
   * The platform's id for this delivery, shared by its redeliveries (a delivery header, an
   * event id in the body…). With the team and a hash of the body it makes the messages' ids
   * (`<team>:<platform>:<deliveryId>:<content>:<n>`, see `deliveryMsgIdBase`), so a redelivery is
   * stored once per team. Throw `IngestError('MISSING_HEADER' | 'INVALID_PAYLOAD', …)` when absent.
   */
  deliveryId(context: { headers: IncomingHeaders; payload: unknown }): string;
  /**
   * Top-level body fields the platform changes on every attempt of the same delivery (a send
   * timestamp, an attempt counter): left out of the content hash of the messages' ids, so a retry
   * is still a redelivery. Every other change to the body under the same delivery id is stored as
   * a new version of the delivery.
   */
  retryFields?: readonly string[];
  /**
   * The I/O the normaliser's input needs, done before it (issue keys learnt earlier, a
   * team's opt-in): its result is `normalize`'s `context`.
   */
  enrich?(delivery: IngestDelivery, io: IngestLookups): Promise<Context>;
  /**
   * Turns a verified delivery into canonical events, or a skip (unknown types must be skipped,
   * never thrown). Throw `IngestError('INVALID_PAYLOAD', …)` naming the field when a supported
   * event lacks what it needs (see `parsePayload`). Pure, so `PIPE_RAW` can be re-run: whatever
   * needs I/O is `enrich`'s result (`context`, `undefined` when enrich was skipped or is absent).
   */
  normalize(delivery: IngestDelivery, context?: Context): NormalizeResult;
  /**
   * What `PIPE_RAW` keeps of the body (default: all of it): a platform may keep only what its
   * normaliser reads. Pure; gets the same `context` as `normalize`.
   */
  keptBody?(delivery: IngestDelivery, context?: Context): Uint8Array;
  /**
   * I/O once the delivery and its events were stored, before the answer (learning keys the
   * delivery stated, queueing a fetch of content from the platform's API). Never run by replay.
   */
  afterStore?(delivery: IngestDelivery, result: NormalizeResult, io: IngestIo): void | Promise<void>;
  /** The status of an accepted delivery (default 202; some platforms want 200 or 204). */
  acceptedStatus?: number;
}
