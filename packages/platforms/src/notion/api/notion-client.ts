import { Client } from '@notionhq/client';
import { ApiCredentialError, type ApiCredential } from '../../kit/platform-api.js';

/** A Notion client for one integration secret: it waits `Retry-After` on 429 and backs off on 5xx. */
export function createNotionClient(credential: ApiCredential, retryBaseMs = 1000): Client {
  return new Client({
    auth: credential.token,
    ...(credential.apiUrl ? { baseUrl: credential.apiUrl } : {}),
    retry: { maxRetries: 5, initialRetryDelayMs: retryBaseMs, maxRetryDelayMs: 60_000 },
    timeoutMs: 20_000,
    logger: () => undefined,
  });
}

/** What a Notion API failure means for the connection (see `ApiCredentialError`). */
export function notionError(error: unknown, what: string): ApiCredentialError {
  if (error instanceof ApiCredentialError) return error;
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'unauthorized')
    return new ApiCredentialError('CREDENTIAL_REJECTED', `Notion refused the secret on ${what} (${message})`, { cause: error });
  if (code === 'restricted_resource')
    return new ApiCredentialError('CREDENTIAL_INSUFFICIENT', `the Notion integration may not ${what} (${message})`, { cause: error });
  return new ApiCredentialError('API_UNREACHABLE', `Notion did not answer ${what}: ${message}`, { cause: error });
}
