import type { PlatformApi } from '../../kit/platform-api.js';
import { checkGithubCredential } from './check-github-credential.js';
import { githubBackfill } from './github-backfill.js';
import { GITHUB_API_URL } from './github-client.js';

/** GitHub's REST API: the credential check and the repositories' backfill. */
export const githubApi: PlatformApi = {
  defaultApiUrl: GITHUB_API_URL,
  credentialHint:
    'a personal access token: classic with the repo scope (public_repo for public repositories only), or fine-grained with read access to issues, pull requests, contents and metadata; for GitHub Enterprise Server add --api-url https://<host>/api/v3',
  checkCredential: checkGithubCredential,
  backfill: githubBackfill(),
};
