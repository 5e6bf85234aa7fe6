import { join, resolve } from 'node:path';
import { loadConfig, namespace, partitions, streamReplicas, syncWindowDays } from '@pipe/config';
import { z } from 'zod';

const CliConfig = z.object({
  /** NATS to use; unset → one on 127.0.0.1:4222, else a nats-server `pipe up` starts. */
  NATS_URL: z
    .string()
    .regex(/^nats:\/\/.+/, 'must be nats://host:port')
    .optional(),
  /** Postgres to use; unset → one on 127.0.0.1:5432, else one `pipe up` starts under .pipe/. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres://user@host:port/database URL')
    .optional(),
  /** The AES-256-GCM key for webhook secrets; unset → kept in .pipe/secret.key. */
  PIPE_SECRET_KEY: z.string().optional(),
  /** Prefix of stream names and subjects: the stack the CLI works on (must match the services'). */
  PIPE_NAMESPACE: namespace,
  /** Partitions of the log by team; must match the services'. */
  PIPE_PARTITIONS: partitions,
  /** Servers holding each stream (`pipe up` provisions them so); must match the services'. */
  PIPE_STREAM_REPLICAS: streamReplicas,
  /** How far back `pipe sync` reaches without `--since` on a first sync or with `--full`, in days; must match the sync service's. */
  SYNC_WINDOW_DAYS: syncWindowDays,
  /** Where `pipe up` keeps its state (data of servers it starts, the secret key, the demo key). */
  PIPE_HOME: z.string().default('.pipe'),
  /**
   * The public base URL in front of the services (e.g. https://pipe.example.com) used in printed
   * webhook and MCP URLs; unset → the local ports.
   */
  PIPE_PUBLIC_URL: z.url({ error: 'must be an http(s) URL such as https://pipe.example.com' }).optional(),
});
export type CliConfig = z.infer<typeof CliConfig> & { home: string };

/** The CLI's configuration from the environment. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const config = loadConfig('pipe', CliConfig, env);
  return { ...config, home: resolve(config.PIPE_HOME) };
}

/** A file under PIPE_HOME. */
export const homePath = (config: CliConfig, ...parts: string[]): string => join(config.home, ...parts);
