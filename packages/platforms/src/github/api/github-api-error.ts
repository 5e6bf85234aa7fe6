import { ApiCredentialError } from '../../kit/platform-api.js';

const FIX =
  'create a new token (classic with the repo scope, or fine-grained with read access to issues, pull requests, contents and metadata)';

/**
 * What an Octokit failure means for a connection: 401 (and a 403 that is not a rate limit) is a
 * credential GitHub refuses — the connection needs a new one; anything else (5xx, network) leaves
 * the credential in doubt and is `API_UNREACHABLE`. An {@link ApiCredentialError} passes through.
 */
export function githubApiError(error: unknown, what: string): ApiCredentialError {
  if (error instanceof ApiCredentialError) return error;
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 401)
    return new ApiCredentialError('CREDENTIAL_REJECTED', `GitHub refused the token (401 on ${what}: ${message}); ${FIX}`, { cause: error });
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
  const rateLimited = headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0';
  if (status === 403 && rateLimited)
    return new ApiCredentialError('API_UNREACHABLE', `GitHub kept rate-limiting ${what} after the retries; the job resumes later`, {
      cause: error,
    });
  if (status === 404)
    return new ApiCredentialError(
      'NOT_FOUND',
      `GitHub has no ${what} this token can see (404); check the name, or give the token access to it`,
      {
        cause: error,
      },
    );
  if (status === 403)
    return new ApiCredentialError('CREDENTIAL_INSUFFICIENT', `GitHub forbids ${what} with this token (403: ${message}); ${FIX}`, {
      cause: error,
    });
  return new ApiCredentialError(
    'API_UNREACHABLE',
    `GitHub did not answer ${what} (${typeof status === 'number' ? status : 'no status'}: ${message})`,
    {
      cause: error,
    },
  );
}
