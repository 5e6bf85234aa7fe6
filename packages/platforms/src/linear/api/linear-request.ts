import { setTimeout as sleep } from 'node:timers/promises';
import type { LinearClient } from '@linear/sdk';
import { loadOnFirstUse } from '../../kit/load-on-first-use.js';
import { type ApiCredential, ApiCredentialError } from '../../kit/platform-api.js';

/** `@linear/sdk`, imported when a Linear job first needs it. */
const linearSdk = loadOnFirstUse(() => import('@linear/sdk'));

/** Tries of one query: a rate limit waited out, a 5xx or a dropped connection retried. */
const ATTEMPTS = 4;
/** The longest a rate-limited query waits in place; a longer limit pauses the job instead (the sync service retries it later). */
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/** A Linear GraphQL client for one key (`@linear/sdk`): personal keys as they are, OAuth tokens as Bearer. */
export async function createLinearClient(credential: ApiCredential): Promise<LinearClient> {
  const { LinearClient } = await linearSdk();
  const apiUrl = `${(credential.apiUrl ?? 'https://api.linear.app').replace(/\/+$/, '')}/graphql`;
  return credential.token.startsWith('lin_api_')
    ? new LinearClient({ apiKey: credential.token, apiUrl })
    : new LinearClient({ accessToken: credential.token, apiUrl });
}

/**
 * One GraphQL query, polite to Linear: the SDK retries nothing, so a `RATELIMITED` answer waits
 * for what the SDK read from it (`Retry-After`, or the `X-RateLimit-Requests-Reset` /
 * `-Complexity-Reset` time) plus jitter, up to a minute, and a 5xx or a dropped connection backs off
 * exponentially with jitter; four tries in all. What is left is said as an {@link ApiCredentialError}.
 */
export async function linearRequest<T>(
  client: LinearClient,
  query: string,
  variables: Record<string, unknown>,
  what: string,
  options: { signal?: AbortSignal; retryBaseMs?: number } = {},
): Promise<T> {
  const { LinearError, RatelimitedLinearError, NetworkLinearError, InternalLinearError } = await linearSdk();
  const retryBaseMs = options.retryBaseMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await client.client.rawRequest<T, Record<string, unknown>>(query, variables);
      if (response.data === undefined) throw new ApiCredentialError('API_UNREACHABLE', `Linear answered ${what} without data`);
      return response.data;
    } catch (error) {
      if (options.signal?.aborted || attempt >= ATTEMPTS || error instanceof ApiCredentialError) throw linearError(error, what);
      if (error instanceof RatelimitedLinearError) {
        const waitMs = rateLimitWaitMs(error, retryBaseMs * 2 ** (attempt - 1));
        if (waitMs > MAX_RATE_LIMIT_WAIT_MS)
          throw new ApiCredentialError(
            'API_UNREACHABLE',
            `Linear rate-limited the key on ${what} until ${new Date(Date.now() + waitMs).toISOString()}`,
            { cause: error },
          );
        await sleep(waitMs + Math.random() * 250, undefined, { signal: options.signal });
        continue;
      }
      // fetch's own failures (a refused or dropped connection) are no LinearError.
      const transient = error instanceof NetworkLinearError || error instanceof InternalLinearError || !(error instanceof LinearError);
      if (!transient) throw linearError(error, what);
      await sleep(retryBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random()), undefined, { signal: options.signal });
    }
  }
}

/** How long a rate limit lasts, from what Linear said (its reset times are epoch milliseconds), or `fallbackMs`. */
function rateLimitWaitMs(
  error: { retryAfter?: number | undefined; requestsResetAt?: number | undefined; complexityResetAt?: number | undefined },
  fallbackMs: number,
): number {
  if (error.retryAfter !== undefined && error.retryAfter > 0) return error.retryAfter * 1000;
  const resets = [error.requestsResetAt, error.complexityResetAt].filter((at): at is number => at !== undefined && at > 0);
  if (resets.length > 0) return Math.max(0, Math.max(...resets) - Date.now());
  return fallbackMs;
}

/** What a failed query means for the connection (see `ApiCredentialError`). */
export function linearError(error: unknown, what: string): ApiCredentialError {
  if (error instanceof ApiCredentialError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: number }).status;
  const type = (error as { type?: string }).type;
  if (status === 401 || status === 403 || type === 'AuthenticationError' || /authenticat/i.test(message))
    return new ApiCredentialError('CREDENTIAL_REJECTED', `Linear refused the key on ${what} (${message})`, { cause: error });
  return new ApiCredentialError('API_UNREACHABLE', `Linear did not answer ${what}: ${message}`, { cause: error });
}
