import { apiUrl, requestApiJson } from '../../kit/api-request.js';
import { ApiCredentialError, type PlatformApi } from '../../kit/platform-api.js';
import { notionBackfill } from './notion-backfill.js';

const HINT =
  "an internal integration secret (ntn_… or secret_…, notion.so/profile/integrations) with 'Read content', and the pages shared with the integration";

/** Notion's API, checked with `users/me` (the integration's bot user). */
export const notionApi: PlatformApi = {
  defaultApiUrl: 'https://api.notion.com',
  credentialHint: HINT,
  backfill: notionBackfill,
  async checkCredential({ token, apiUrl: base }, signal) {
    const answer = await requestApiJson(
      'Notion',
      apiUrl(base ?? 'https://api.notion.com', '/v1/users/me'),
      { headers: { authorization: `Bearer ${token}`, 'notion-version': '2022-06-28' } },
      signal,
    );
    const body = (answer.body ?? {}) as {
      object?: string;
      name?: string;
      code?: string;
      message?: string;
      bot?: { workspace_name?: string };
    };
    if (answer.status === 401 || body.code === 'unauthorized')
      throw new ApiCredentialError('CREDENTIAL_REJECTED', `Notion refused the secret (${body.message ?? answer.status}); pass ${HINT}`);
    if (answer.status === 403 || body.code === 'restricted_resource')
      throw new ApiCredentialError(
        'CREDENTIAL_INSUFFICIENT',
        `the Notion integration may not read users (${body.message ?? 403}); give it 'Read content' and 'Read user information'`,
      );
    if (body.object !== 'user')
      throw new ApiCredentialError('API_UNREACHABLE', `Notion's users/me answered ${answer.status}: ${body.message ?? 'no user'}`);
    return { account: `${body.name ?? 'integration'}${body.bot?.workspace_name ? ` in ${body.bot.workspace_name}` : ''}`, scopes: null };
  },
};
