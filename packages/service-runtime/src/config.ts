import { databaseUrl, host, logLevel, namespace, natsUrl, partitions, port, streamReplicas } from '@pipe/config';
import type { z } from 'zod';

/**
 * The configuration fields every service reads, with the service's default port. A service's
 * `config.ts` spreads these into its own zod object beside its own fields and parses the
 * environment once with `loadConfig` (from `@pipe/config`), where an empty variable counts as
 * unset and a bad value fails the start naming the variable.
 *
 * @example
 * const ProjectorConfig = z.object({ ...runtimeConfigShape(7409), PROJECTOR_BATCH_SIZE: … });
 */
export function runtimeConfigShape(defaultPort: number) {
  return {
    /** The HTTP port: the service's API, or its probe server (`/health`, `/ready`, `/metrics`); `0` picks a free one. */
    PORT: port(defaultPort),
    /** The interface to listen on: loopback by default, `0.0.0.0` in containers. */
    HOST: host,
    /** NATS servers, comma-separated (`nats://host:4222`). */
    NATS_URL: natsUrl,
    /** Postgres holding Pipe's tables; migrated at start. */
    DATABASE_URL: databaseUrl,
    /** Prefix of stream names and subjects, so several stacks (or test runs) share one NATS. */
    PIPE_NAMESPACE: namespace,
    /** Partitions of the log by team; every service of a stack must agree. */
    PIPE_PARTITIONS: partitions,
    /** Replicas of each stream when provisioning (3 on a three-node NATS cluster). */
    PIPE_STREAM_REPLICAS: streamReplicas,
    /** pino log level. */
    LOG_LEVEL: logLevel,
  };
}

/** The parsed fields of {@link runtimeConfigShape}: what the runtime itself reads. */
export type RuntimeConfig = z.infer<z.ZodObject<ReturnType<typeof runtimeConfigShape>>>;
