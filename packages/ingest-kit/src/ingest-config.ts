import { secretKey } from '@pipe/config';
import { runtimeConfigShape } from '@pipe/service-runtime';
import { z } from 'zod';

/**
 * The configuration fields every ingest service reads: the runtime's (with the service's default
 * port) and the ingest ones. Extend it with a service's own fields through
 * `runIngestService({ config: { … } })`.
 */
export function ingestConfigShape(defaultPort: number) {
  return {
    ...runtimeConfigShape(defaultPort),
    /** Decrypts the teams' webhook secrets (AES-256-GCM): 32 bytes as base64 or 64 hex characters. */
    PIPE_SECRET_KEY: secretKey,
    /** Largest accepted delivery (bytes); larger ones are answered 413. */
    INGEST_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    /**
     * How long to wait for JetStream's acknowledgement before answering 503. Platforms give up
     * after a few seconds (Slack 3 s, GitHub 10 s), so this stays well below.
     */
    INGEST_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(9000).default(2000),
    /** How long a team's webhook secret is used before it is read from Postgres again (a rotation takes effect within it). */
    INGEST_SECRET_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    /**
     * While Postgres is unreachable, how long after it was last read a known team's secret (and an
     * API key's team) is still served from memory, so deliveries keep being verified and stored
     * through a short outage; 0 turns it off. Past it, and for teams not read before the outage,
     * ingest answers 503 with `Retry-After`, and `/ready` says 503 once the outage is older than it.
     */
    INGEST_SECRET_MAX_STALE_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  };
}

/** The parsed shared configuration of an ingest service. */
export type IngestConfig = z.infer<z.ZodObject<ReturnType<typeof ingestConfigShape>>>;
