import { apiUrl, requestApiJson } from '../../kit/api-request.js';
import { ApiCredentialError, type PlatformApi } from '../../kit/platform-api.js';
import { jiraBackfill } from './jira-backfill.js';

const HINT =
  'on Jira Cloud `<email>:<API token>` (id.atlassian.com → Security → API tokens), on Data Center a personal access token; with --api-url https://<site>.atlassian.net (or the Data Center base URL)';

/**
 * Jira's REST API, checked with `/rest/api/3/myself`. A token with a colon is Cloud's
 * `email:api-token` (Basic auth); one without is a Data Center personal access token (Bearer).
 * The REST API is called directly, not through jira.js, whose current line needs Node 22.
 */
export const jiraApi: PlatformApi = {
  defaultApiUrl: null,
  credentialHint: HINT,
  backfill: jiraBackfill,
  async checkCredential({ token, apiUrl: base }, signal) {
    if (!base)
      throw new ApiCredentialError(
        'API_URL_REQUIRED',
        `Jira needs the site: pass --api-url https://<site>.atlassian.net (or the Data Center base URL)`,
      );
    const authorization = token.includes(':') ? `Basic ${Buffer.from(token).toString('base64')}` : `Bearer ${token}`;
    const answer = await requestApiJson(
      'Jira',
      apiUrl(base, '/rest/api/3/myself'),
      { headers: { authorization, accept: 'application/json' } },
      signal,
    );
    if (answer.status === 401 || answer.status === 403)
      throw new ApiCredentialError('CREDENTIAL_REJECTED', `Jira refused the credential (${answer.status}); pass ${HINT}`);
    const body = (answer.body ?? {}) as { displayName?: string; emailAddress?: string; accountId?: string };
    if (answer.status !== 200 || (!body.accountId && !body.displayName))
      throw new ApiCredentialError(
        'API_UNREACHABLE',
        `Jira's /rest/api/3/myself answered ${answer.status} without an account: is ${base} a Jira site?`,
      );
    return { account: body.displayName ?? body.emailAddress ?? body.accountId ?? 'unknown', scopes: null };
  },
};
