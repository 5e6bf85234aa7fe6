import { CONSOLE_CLIENT_ID } from '@pipe/console';
import type { ClientMetadata } from 'oidc-provider';

/**
 * The web console's OAuth client, built into the authorization server rather than registered
 * dynamically: the console is Pipe's own page at a known URL, so a fixed client can pin its one
 * redirect to `<issuer>/` (a code can go nowhere else), the consent page can name it truthfully,
 * and no browser tab adds a client to the store at each sign-in (dynamic registrations are never
 * cleaned up). It is public (a page keeps no secret): PKCE holds the code to the tab that asked.
 */
export function consoleClient(issuer: string): ClientMetadata {
  return {
    client_id: CONSOLE_CLIENT_ID,
    client_name: 'Pipe console',
    redirect_uris: [`${issuer}/`],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}
