import { loadConfig } from '@pipe/config';
import { runtimeConfigShape } from '@pipe/service-runtime';
import { z } from 'zod';

/** The projector's environment: the runtime's fields (`PORT` is its probe server's) and its own. */
const ProjectorConfig = z.object({
  ...runtimeConfigShape(7409),
  /**
   * Which partitions this instance serves: `all` (default) or a comma list such as `0,1`. Each
   * partition is held by one instance at a time; an instance waits for a partition another holds.
   */
  PROJECTOR_PARTITIONS: z
    .string()
    .regex(/^(all|\d+(,\d+)*)$/, 'PROJECTOR_PARTITIONS must be `all` or a comma list of partition numbers such as 0,1')
    .default('all'),
  /** Most events applied in one transaction. */
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Attempts at a failing event before it is dead-lettered. */
  PROJECTOR_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Fault injection for tests only (see failpoints.ts); empty in production. */
  PIPE_FAILPOINTS: z.string().default(''),
});
/** The projector's parsed configuration. */
export type ProjectorConfig = z.infer<typeof ProjectorConfig>;

/** Reads and validates the projector's configuration once, at start. */
export const loadProjectorConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<ProjectorConfig> =>
  loadConfig('projector', ProjectorConfig, env);

/** The partition numbers an instance serves, checked against the partition count. */
export function servedPartitions(config: Pick<ProjectorConfig, 'PIPE_PARTITIONS' | 'PROJECTOR_PARTITIONS'>): number[] {
  if (config.PROJECTOR_PARTITIONS === 'all') return Array.from({ length: config.PIPE_PARTITIONS }, (_, p) => p);
  const served = [...new Set(config.PROJECTOR_PARTITIONS.split(',').map(Number))];
  const outside = served.filter((p) => p >= config.PIPE_PARTITIONS);
  if (outside.length > 0) {
    throw new Error(
      `PROJECTOR_PARTITIONS names ${outside.join(', ')}, but PIPE_PARTITIONS is ${config.PIPE_PARTITIONS} (partitions 0-${config.PIPE_PARTITIONS - 1})`,
    );
  }
  return served;
}
