import { databaseUrl, loadConfig, logLevel, namespace, natsUrl } from '@pipe/config';
import { z } from 'zod';

const ProjectorConfig = z.object({
  NATS_URL: natsUrl,
  DATABASE_URL: databaseUrl,
  PIPE_NAMESPACE: namespace,
  /** Most events applied in one transaction. */
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Attempts at a failing event before it is dead-lettered. */
  PROJECTOR_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  LOG_LEVEL: logLevel,
  /** Fault injection for tests only (see failpoints.ts); empty in production. */
  PIPE_FAILPOINTS: z.string().default(''),
});
export type ProjectorConfig = z.infer<typeof ProjectorConfig>;

/** Reads and validates the projector's configuration once, at start. */
export const loadProjectorConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<ProjectorConfig> =>
  loadConfig('projector', ProjectorConfig, env);
