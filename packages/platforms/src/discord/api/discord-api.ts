import { apiUrl, requestApiJson } from '../../kit/api-request.js';
import { ApiCredentialError, type PlatformApi } from '../../kit/platform-api.js';
import { discordBackfill } from './discord-backfill.js';
import { discordGateway } from './discord-gateway.js';

const HINT =
  'a bot token (Developer Portal → your application → Bot → Reset Token) with the Message Content intent enabled, the bot invited to the server with View Channels and Read Message History';

/** Discord's HTTP API, checked with `/users/@me` as the bot. */
export const discordApi: PlatformApi = {
  defaultApiUrl: 'https://discord.com/api/v10',
  credentialHint: HINT,
  backfill: discordBackfill,
  liveFeed: discordGateway,
  async checkCredential({ token, apiUrl: base }, signal) {
    const answer = await requestApiJson(
      'Discord',
      apiUrl(base ?? 'https://discord.com/api/v10', '/users/@me'),
      { headers: { authorization: `Bot ${token}` } },
      signal,
    );
    const body = (answer.body ?? {}) as { id?: string; username?: string; bot?: boolean; message?: string };
    if (answer.status === 401)
      throw new ApiCredentialError('CREDENTIAL_REJECTED', `Discord refused the token (${body.message ?? 401}); pass ${HINT}`);
    if (answer.status !== 200 || !body.id)
      throw new ApiCredentialError('API_UNREACHABLE', `Discord's /users/@me answered ${answer.status}: ${body.message ?? 'no user'}`);
    if (body.bot !== true)
      throw new ApiCredentialError('CREDENTIAL_INSUFFICIENT', `that is ${body.username}'s user token, not a bot's; pass ${HINT}`);
    return { account: body.username ?? body.id, scopes: null };
  },
};
