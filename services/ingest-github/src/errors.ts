/**
 * Every error this service answers with: a code, its HTTP status, and a message that says what
 * to do. The body is always `{ "error": { "code", "message" } }`.
 */
export const INGEST_ERRORS = {
  MISSING_HEADER: 400,
  MALFORMED_BODY: 400,
  INVALID_PAYLOAD: 400,
  SIGNATURE_MISSING: 401,
  SIGNATURE_INVALID: 401,
  UNKNOWN_TEAM: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  BUS_UNAVAILABLE: 503,
  NOT_READY: 503,
} as const;

export type IngestErrorCode = keyof typeof INGEST_ERRORS;

/** An error to answer a webhook with. */
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

  toBody(): { error: { code: IngestErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
