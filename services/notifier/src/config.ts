import { loadConfig, secretKey } from '@pipe/config';
import { runtimeConfigShape } from '@pipe/service-runtime';
import { z } from 'zod';

/** `true` or `false`, as environment variables spell them. */
const flag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true');
const ms = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The notifier's environment: the runtime's fields (`PORT` is its probe server's) and its own. */
const NotifierConfig = z.object({
  ...runtimeConfigShape(7410),
  /** Opens the rules' sealed destinations (webhook URLs, bot tokens): the key the CLI sealed them with. */
  PIPE_SECRET_KEY: secretKey,
  /**
   * Lets rules post to private, loopback and link-local addresses. Off by default, so a rule cannot
   * be used to reach internal services; `pipe up` (a local stack) turns it on.
   */
  PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS: flag,
  /** Attempts at one message before its changes become dead letters (`pipe notify list` shows why). */
  NOTIFIER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** The wait after a message's first failed attempt; it doubles (with jitter) up to five minutes. */
  NOTIFIER_RETRY_BASE_MS: ms(1000, 1, 300_000),
  /** How long one request to a destination may take. */
  NOTIFIER_TIMEOUT_MS: ms(10_000, 100, 120_000),
  /** After a message about an item, later changes of that item within this window are merged into one message. */
  NOTIFIER_MERGE_WINDOW_MS: ms(5000, 0, 600_000),
  /** How long a destination's open circuit breaker refuses messages before one trial request. */
  NOTIFIER_BREAKER_RESET_MS: ms(30_000, 100, 3_600_000),
  /** How long a change notice may stay unacknowledged before JetStream redelivers it (after a crash). */
  NOTIFIER_ACK_WAIT_MS: ms(30_000, 1000, 600_000),
});
/** The notifier's parsed configuration. */
export type NotifierConfig = z.infer<typeof NotifierConfig>;

/** Reads and validates the notifier's configuration once, at start. */
export const loadNotifierConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<NotifierConfig> =>
  loadConfig('notifier', NotifierConfig, env);
