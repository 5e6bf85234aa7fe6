import { databaseUrl, host, loadConfig, logLevel, namespace, natsUrl, port, secretKey } from '@pipe/config';
import { z } from 'zod';

const IngestGithubConfig = z.object({
  PORT: port(7401),
  HOST: host,
  NATS_URL: natsUrl,
  DATABASE_URL: databaseUrl,
  PIPE_NAMESPACE: namespace,
  /** Decrypts the teams' webhook secrets. */
  PIPE_SECRET_KEY: secretKey,
  /** Largest accepted delivery; GitHub caps payloads at 25 MB, most are far smaller. */
  INGEST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** How long to wait for JetStream's acknowledgement before answering 503 (GitHub waits 10 s). */
  INGEST_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(9000).default(3000),
  LOG_LEVEL: logLevel,
});
export type IngestGithubConfig = z.infer<typeof IngestGithubConfig>;

/** Reads and validates the service's configuration once, at start. */
export const loadIngestGithubConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<IngestGithubConfig> =>
  loadConfig('ingest-github', IngestGithubConfig, env);
