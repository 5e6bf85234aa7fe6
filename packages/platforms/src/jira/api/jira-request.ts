import { setTimeout as sleep } from 'node:timers/promises';
import { ApiCredentialError, type ApiCredential } from '../../kit/platform-api.js';

/** Cloud's `email:api-token` as Basic auth; a Data Center personal access token as Bearer. */
export const jiraAuthorization = (token: string): string =>
  token.includes(':') ? `Basic ${Buffer.from(token).toString('base64')}` : `Bearer ${token}`;

const ATTEMPTS = 5;

/**
 * One GET of Jira's REST API, as its rate-limiting guide asks: a 429 (or 503) waits `Retry-After`
 * seconds, other 5xx and network failures back off exponentially with jitter, up to five attempts;
 * 401/403 are a refused credential, 404 a project the credential cannot see.
 */
export async function jiraGet<T>(credential: ApiCredential, path: string, signal: AbortSignal, retryBaseMs = 1000): Promise<T> {
  if (!credential.apiUrl)
    throw new ApiCredentialError('API_URL_REQUIRED', 'Jira needs the site: `pipe connect … jira --api-url https://<site>.atlassian.net`');
  const url = `${credential.apiUrl.replace(/\/+$/, '')}${path}`;
  let last = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let response: Response | null = null;
    try {
      response = await fetch(url, { headers: { authorization: jiraAuthorization(credential.token), accept: 'application/json' }, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      last = error instanceof Error ? error.message : String(error);
    }
    if (response) {
      if (response.ok) return (await response.json()) as T;
      const text = await response.text();
      if (response.status === 401 || response.status === 403)
        throw new ApiCredentialError('CREDENTIAL_REJECTED', `Jira refused the credential on ${path.split('?')[0]} (${response.status})`);
      if (response.status === 404 || response.status === 400)
        throw new ApiCredentialError('NOT_FOUND', `Jira answered ${response.status} to ${path.split('?')[0]}: ${text.slice(0, 300)}`);
      last = `${response.status} ${text.slice(0, 200)}`;
      const retryAfter = Number(response.headers.get('retry-after'));
      if ((response.status === 429 || response.status === 503) && Number.isFinite(retryAfter) && retryAfter > 0) {
        await sleep(retryAfter * 1000, undefined, { signal });
        continue;
      }
    }
    if (attempt < ATTEMPTS) await sleep(retryBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random()), undefined, { signal });
  }
  throw new ApiCredentialError('API_UNREACHABLE', `Jira did not answer ${path.split('?')[0]} after ${ATTEMPTS} attempts (${last})`);
}
