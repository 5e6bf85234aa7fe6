import { apiUrl, requestApiJson } from '../../kit/api-request.js';
import { ApiCredentialError, type PlatformApi } from '../../kit/platform-api.js';
import { slackBackfill } from './slack-backfill.js';

/** What a backfill of public channels reads (messages and threads, who wrote them). */
const NEEDED_SCOPES = ['channels:read', 'channels:history', 'users:read'];

/** Slack's Web API: a bot token (`xoxb-…`) checked with `auth.test`. */
export const slackApi: PlatformApi = {
  defaultApiUrl: 'https://slack.com/api',
  credentialHint: `a bot token (xoxb-…) of a Slack app with the scopes ${NEEDED_SCOPES.join(', ')}, installed in the workspace`,
  backfill: slackBackfill,
  async checkCredential({ token, apiUrl: base }, signal) {
    const url = apiUrl(base ?? 'https://slack.com/api', '/auth.test');
    const answer = await requestApiJson('Slack', url, { method: 'POST', headers: { authorization: `Bearer ${token}` } }, signal);
    const body = (answer.body ?? {}) as { ok?: boolean; error?: string; user?: string; team?: string };
    if (body.ok !== true) {
      const rejected = ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'].includes(body.error ?? '');
      if (rejected || answer.status === 401)
        throw new ApiCredentialError(
          'CREDENTIAL_REJECTED',
          `Slack refused the token (${body.error ?? answer.status}); ${this.credentialHint}`,
        );
      throw new ApiCredentialError('API_UNREACHABLE', `Slack's auth.test answered ${answer.status} ${body.error ?? ''}`.trim());
    }
    const header = answer.headers.get('x-oauth-scopes');
    const scopes = header ? header.split(',').map((scope) => scope.trim()) : null;
    const missing = scopes ? NEEDED_SCOPES.filter((scope) => !scopes.includes(scope)) : [];
    if (missing.length > 0)
      throw new ApiCredentialError(
        'CREDENTIAL_INSUFFICIENT',
        `the Slack token lacks the scopes ${missing.join(', ')}; add them to the app and reinstall it`,
      );
    return { account: `${body.user ?? 'bot'} in ${body.team ?? 'the workspace'}`, scopes };
  },
};
