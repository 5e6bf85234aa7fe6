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
  };
}

/** The parsed shared configuration of an ingest service. */
export type IngestConfig = z.infer<z.ZodObject<ReturnType<typeof ingestConfigShape>>>;
