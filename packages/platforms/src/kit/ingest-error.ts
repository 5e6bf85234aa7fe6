/**
 * Every error an ingest service answers with: a code and its HTTP status. The body is always
 * `{ "error": { "code", "message" } }`, and the message says what to do about it.
 */
export const INGEST_ERRORS = {
  /** A header the platform always sends is absent: not a delivery from that platform. */
  MISSING_HEADER: 400,
  /** The body is not what the platform sends (not JSON…). */
  MALFORMED_BODY: 400,
  /** A supported event lacks a field the normaliser needs (the message names it). */
  INVALID_PAYLOAD: 400,
  /** No signature header. */
  SIGNATURE_MISSING: 401,
  /** The signature does not match the team's secret (or public key). */
  SIGNATURE_INVALID: 401,
  /** The signed timestamp is too far from now: a replay, or a clock that is off. */
  TIMESTAMP_STALE: 401,
  /** The team has no secret (or public key, or token) for this platform yet. */
  SECRET_NOT_SET: 401,
  /** Credentials other than a signature (an API key) are missing or wrong. */
  UNAUTHORIZED: 401,
  /** Body over `INGEST_BODY_LIMIT_BYTES`. */
  PAYLOAD_TOO_LARGE: 413,
  /** A content type the platform's webhook is not configured to send. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  /** JetStream did not acknowledge: nothing is reported stored; the platform should redeliver. */
  BUS_UNAVAILABLE: 503,
  /** Postgres (the teams' secrets) cannot be reached: nothing is stored; the platform should redeliver. */
  DATABASE_UNAVAILABLE: 503,
  /** `/ready` only: a dependency is down or the service is draining. */
  NOT_READY: 503,
} as const;

/** A code of {@link INGEST_ERRORS}. */
export type IngestErrorCode = keyof typeof INGEST_ERRORS;

/** The wire form of an error answer. */
export interface IngestErrorBody {
  error: { code: IngestErrorCode; message: string };
}

/**
 * An error to answer a webhook with. Throw it from any platform hook (verify, deliveryId,
 * normalize…); the kit answers with its status and `{ error: { code, message } }`.
 *
 * @example throw new IngestError('SIGNATURE_INVALID', "the signature header does not match: the signing secret differs from the team's");
 */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly statusCode: number;
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.statusCode = INGEST_ERRORS[code];
  }

  /** `{ error: { code, message } }` */
  toBody(): IngestErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
