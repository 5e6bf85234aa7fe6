import type { REST } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { loadOnFirstUse } from '../../kit/load-on-first-use.js';
import { type ApiCredential, ApiCredentialError } from '../../kit/platform-api.js';

/** `@discordjs/rest`, imported when a Discord job or Gateway connection first needs it. */
const discordRest = loadOnFirstUse(() => import('@discordjs/rest'));

/** Discord's public HTTP API, the version Pipe speaks. */
export const DISCORD_API_URL = 'https://discord.com/api/v10';

/**
 * A Discord HTTP client for one bot token (`@discordjs/rest`): requests queue per rate-limit bucket
 * (`X-RateLimit-Bucket`, `-Remaining`, `-Reset-After`), a 429 is waited out for its `Retry-After`
 * and retried, the global limit is shared, and 5xx answers and timeouts are retried (`retries`).
 * `apiUrl` is the connection's base with its version (`…/api/v10`), split the way the client wants it.
 */
export async function createDiscordRest(credential: ApiCredential): Promise<REST> {
  const { REST } = await discordRest();
  const base = (credential.apiUrl ?? DISCORD_API_URL).replace(/\/+$/, '');
  const versioned = /^(.*)\/v(\d+)$/.exec(base);
  return new REST({
    api: versioned?.[1] ?? base,
    version: versioned?.[2] ?? '10',
    retries: 3,
    timeout: 15_000,
    // The client lives for one job (or one Gateway connection): no hourly sweep timers to leave behind.
    handlerSweepInterval: 0,
    hashSweepInterval: 0,
  }).setToken(credential.token);
}

/**
 * What a failed call means for the connection (see `ApiCredentialError`): 401 a refused token;
 * 403 Missing Access / Permissions and 404 Unknown … something the bot cannot see (`NOT_FOUND`,
 * with `hint` saying how to let it); anything else — 5xx after the retries, the network — the API
 * failing (`API_UNREACHABLE`), which the sync service's breaker counts.
 */
export function discordError(error: unknown, what: string, hint: string): ApiCredentialError {
  if (error instanceof ApiCredentialError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Before the client is imported, no error of its classes exists.
  const { DiscordAPIError, HTTPError } = discordRest.loaded() ?? {};
  if (DiscordAPIError && error instanceof DiscordAPIError) {
    if (error.status === 401)
      return new ApiCredentialError('CREDENTIAL_REJECTED', `Discord refused the bot token on ${what} (${message})`, { cause: error });
    if (error.status === 403 || error.status === 404)
      return new ApiCredentialError('NOT_FOUND', `Discord: ${what}: ${message} (${error.code}); ${hint}`, { cause: error });
  }
  // The client drops a token Discord refused: later calls fail before sending anything.
  if (/Expected token to be set/.test(message))
    return new ApiCredentialError('CREDENTIAL_REJECTED', `Discord refused the bot token on ${what}`, { cause: error });
  const status =
    (HTTPError && error instanceof HTTPError) || (DiscordAPIError && error instanceof DiscordAPIError) ? ` (${error.status})` : '';
  return new ApiCredentialError('API_UNREACHABLE', `Discord did not answer ${what}${status}: ${message}`, { cause: error });
}

/** Whether a call failed because the bot may not read there (403 Missing Access or Missing Permissions). */
export function isMissingAccess(error: unknown): boolean {
  const DiscordAPIError = discordRest.loaded()?.DiscordAPIError;
  return (
    DiscordAPIError !== undefined &&
    error instanceof DiscordAPIError &&
    error.status === 403 &&
    (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.MissingPermissions)
  );
}
