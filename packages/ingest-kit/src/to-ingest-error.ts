import { isDatabaseUnavailable } from '@pipe/db';
import { IngestError } from '@pipe/platforms';

/** Maps anything thrown while handling a delivery onto the error registry. */
export function toIngestError(error: Error & { code?: string; statusCode?: number }, bodyLimit: number, platform: string): IngestError {
  if (error instanceof IngestError) return error;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new IngestError(
      'PAYLOAD_TOO_LARGE',
      `the body is larger than ${bodyLimit} bytes (raise INGEST_BODY_LIMIT_BYTES if ${platform} really sends such deliveries)`,
      { cause: error },
    );
  }
  if (error.code === 'PUBLISH_FAILED') {
    return new IngestError('BUS_UNAVAILABLE', `the event log is unavailable; ${platform} will redeliver (or redeliver by hand)`, {
      cause: error,
    });
  }
  if (isDatabaseUnavailable(error)) {
    // The teams' secrets (or a platform's lookups) live in Postgres: unreachable is a 503 the platform retries, never a 500.
    return new IngestError('DATABASE_UNAVAILABLE', `Pipe's database is unavailable; ${platform} will redeliver (or redeliver by hand)`, {
      cause: error,
    });
  }
  if (typeof error.statusCode === 'number' && error.statusCode < 500) {
    // Fastify's own 4xx: empty JSON body, bad content length, invalid media type…
    return new IngestError('MALFORMED_BODY', error.message, { cause: error });
  }
  return new IngestError('INTERNAL', 'the delivery could not be stored; it is safe to redeliver', { cause: error });
}
