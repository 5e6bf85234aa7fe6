import { z } from 'zod';

/** The Discord service's own configuration, beside the shared ingest fields (`PORT` 7406…). */
export const discordConfig = {
  /**
   * How far a delivery's `X-Signature-Timestamp` may be from now, in seconds, before it is
   * refused as stale (a replay, or a clock that is off). Discord answers fast; the Gateway relay
   * signs when it forwards, so 5 minutes is plenty.
   */
  DISCORD_MAX_AGE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
};
