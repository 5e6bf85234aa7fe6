import { databaseUrl, host, logLevel, namespace, partitions, natsUrl, port, secretKey, streamReplicas } from '@pipe/config';
import { z } from 'zod';

/**
 * The configuration fields every ingest service reads, with the service's default port. Extend
 * it with a service's own fields through `runIngestService({ config: { … } })`.
 */
export function ingestConfigShape(defaultPort: number) {
  return {
    PORT: port(defaultPort),
    HOST: host,
    NATS_URL: natsUrl,
    DATABASE_URL: databaseUrl,
    PIPE_NAMESPACE: namespace,
    PIPE_PARTITIONS: partitions,
    /** Replicas of each stream when provisioning (3 on a three-node NATS cluster). */
    PIPE_STREAM_REPLICAS: streamReplicas,
    /** Decrypts the teams' webhook secrets. */
    PIPE_SECRET_KEY: secretKey,
    /** Largest accepted delivery (bytes); larger ones are answered 413. */
    INGEST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
    /**
     * How long to wait for JetStream's acknowledgement before answering 503. Platforms give up
     * after a few seconds (Slack 3 s, GitHub 10 s), so this stays well below.
     */
    INGEST_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(9000).default(2000),
    LOG_LEVEL: logLevel,
  };
}

/** The parsed shared configuration of an ingest service. */
export type IngestConfig = z.infer<z.ZodObject<ReturnType<typeof ingestConfigShape>>>;
