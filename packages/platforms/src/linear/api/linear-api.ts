import { apiUrl, requestApiJson } from '../../kit/api-request.js';
import { ApiCredentialError, type PlatformApi } from '../../kit/platform-api.js';
import { linearBackfill } from './linear-backfill.js';

const HINT = 'a personal API key (lin_api_…, Settings → Security & access → Personal API keys) or an OAuth access token with read scope';

/** Linear's GraphQL API, checked with `{ viewer { … } }`. */
export const linearApi: PlatformApi = {
  defaultApiUrl: 'https://api.linear.app',
  credentialHint: HINT,
  backfill: linearBackfill,
  async checkCredential({ token, apiUrl: base }, signal) {
    // Personal API keys go as they are; OAuth tokens as Bearer (Linear's documented forms).
    const authorization = token.startsWith('lin_api_') ? token : `Bearer ${token}`;
    const answer = await requestApiJson(
      'Linear',
      apiUrl(base ?? 'https://api.linear.app', '/graphql'),
      {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { id name email } organization { name } }' }),
      },
      signal,
    );
    const body = (answer.body ?? {}) as {
      data?: { viewer?: { name?: string }; organization?: { name?: string } };
      errors?: { message?: string; extensions?: { code?: string } }[];
    };
    const error = body.errors?.[0];
    if (answer.status === 401 || answer.status === 403 || error?.extensions?.code === 'AUTHENTICATION_ERROR')
      throw new ApiCredentialError('CREDENTIAL_REJECTED', `Linear refused the key (${error?.message ?? answer.status}); pass ${HINT}`);
    if (!body.data?.viewer)
      throw new ApiCredentialError('API_UNREACHABLE', `Linear's viewer query answered ${answer.status}: ${error?.message ?? 'no viewer'}`);
    return {
      account: `${body.data.viewer.name ?? 'unknown'}${body.data.organization?.name ? ` in ${body.data.organization.name}` : ''}`,
      scopes: null,
    };
  },
};
