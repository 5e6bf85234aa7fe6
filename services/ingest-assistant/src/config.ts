import { z } from 'zod';

/** The assistant service's own configuration, beside the shared ingest fields (`PORT` 7407…). */
export const assistantConfig = {
  /**
   * Largest accepted hook input (bytes). Claude Code's input for a Write or Read carries the
   * whole file, so the limit is higher than the webhooks' 1 MiB; the contents are not kept.
   */
  INGEST_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  /** How long a team's prompt opt-in and an API key's team are remembered (ms); revoking takes effect within it. */
  ASSISTANT_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(15_000),
};
