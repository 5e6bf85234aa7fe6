/**
 * SQLSTATEs that say the server cannot serve right now, not that the statement is wrong: class 08
 * (connection exception), 57P01-57P03 (shut down by an administrator or a crash, still starting
 * up), 53300 (too many connections), 57P05 (idle session timeout).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[1235]|53300)$/;

/** Socket-level failures while connecting or talking to the server. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** What pg says, in words only, when the connection is gone (it sets no code for these). */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * True when `error` says Postgres cannot be reached or cannot serve right now (a restart, a
 * failover, a network cut, a full connection limit), as opposed to a statement that failed on its
 * own (a constraint, bad data, a bug). What is unavailable is worth retrying later; callers answer
 * 503 with `Retry-After` or wait, instead of reporting a failure of the request. Looks through
 * `cause` and an `AggregateError`'s `errors` (Node's happy-eyeballs connect).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
