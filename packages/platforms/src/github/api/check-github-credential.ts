import { ApiCredentialError, type ApiCredential, type VerifiedAccount } from '../../kit/platform-api.js';
import { githubApiError } from './github-api-error.js';
import { createGithubClient } from './github-client.js';

/** What a classic token needs to read repositories; fine-grained tokens carry no scope header. */
const READ_SCOPES = ['repo', 'public_repo'];

/**
 * `GET /user` with the token: who it is, and (classic tokens) whether its scopes read
 * repositories. Fine-grained tokens and GitHub App tokens say no scopes; their repository access
 * shows at the first backfill (a 403/404 on a repository is reported then).
 */
export async function checkGithubCredential(credential: ApiCredential, signal?: AbortSignal): Promise<VerifiedAccount> {
  const client = createGithubClient(credential, { serverErrorRetries: 0, rateLimitRetries: 0 });
  try {
    const response = await client.request('GET /user', { request: signal ? { signal } : {} });
    const header = response.headers['x-oauth-scopes'];
    const scopes =
      typeof header === 'string'
        ? header
            .split(',')
            .map((scope) => scope.trim())
            .filter(Boolean)
        : null;
    if (scopes && !scopes.some((scope) => READ_SCOPES.includes(scope))) {
      throw new ApiCredentialError(
        'CREDENTIAL_INSUFFICIENT',
        `the GitHub token of ${response.data.login} lacks the repo scope (it has: ${scopes.join(', ') || 'none'}); create a token with repo (or public_repo for public repositories only)`,
      );
    }
    return { account: response.data.login, scopes };
  } catch (error) {
    throw githubApiError(error, 'GET /user');
  }
}
