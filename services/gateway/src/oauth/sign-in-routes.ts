import {
  type AccessScope,
  type Database,
  findSignInLink,
  grantedScopes,
  isAccessScope,
  oauthAccountId,
  parseOAuthAccountId,
  redeemSignInLink,
} from '@pipe/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { errors, type default as Provider } from 'oidc-provider';
import { INTERACTION_PATH, resourceOf } from './authorization-server.js';
import { renderSignInExpiredPage, renderSignInLinkPage, renderSignInPage } from './sign-in-page.js';

/** Where a sign-in link made by `pipe login-link` points (the code follows in the fragment). */
export const SIGN_IN_LINK_PATH = '/oauth/sign-in';

/** A sign-in code inside whatever was pasted: the whole link or the code alone. */
const CODE = /psi_[A-Za-z0-9_-]{20,}/;

/**
 * Pages are never framed (clickjacking) and load nothing from elsewhere. The referrer stays
 * same-origin (not `no-referrer`): with no-referrer, browsers send `Origin: null` on the consent
 * form's post, and the origin check below could no longer tell Pipe's own page from any other.
 */
function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin');
}

/** The sign-in and consent routes; `provider()` is the authorization server once it is ready. */
export function registerSignInRoutes(app: FastifyInstance, options: { db: Kysely<Database>; issuer: string; provider: Provider }): void {
  const { db, issuer, provider } = options;
  const resource = resourceOf(issuer);
  const issuerOrigin = new URL(issuer).origin;

  // Form posts of the consent page; nothing else here takes a body.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(SIGN_IN_LINK_PATH, (_request, reply) => pageHeaders(reply).send(renderSignInLinkPage(resource)));

  /** The interaction, the client and what it asks for, as the page shows them. */
  async function load(request: FastifyRequest, reply: FastifyReply) {
    const details = await provider.interactionDetails(request.raw, reply.raw);
    const clientId = String(details.params.client_id);
    const client = await provider.Client.find(clientId);
    const requested = String(details.params.scope ?? '')
      .split(' ')
      .filter(isAccessScope);
    const accountId = details.session?.accountId;
    const account = accountId === undefined ? null : parseOAuthAccountId(accountId);
    const link = account === null ? null : await findSignInLink(db, account.linkId);
    return { details, clientId, client, requested, account, link };
  }

  async function show(request: FastifyRequest, reply: FastifyReply, error: string | null, status = 200) {
    const { details, clientId, client, requested, account, link } = await load(request, reply);
    return pageHeaders(reply)
      .code(status)
      .send(
        renderSignInPage({
          clientName: client?.clientName ?? null,
          clientId,
          redirectUri: String(details.params.redirect_uri),
          requestedScopes: requested,
          signedIn: account && link ? { team: account.team, who: link.email ?? `sign-in link ${link.id}` } : null,
          error,
          action: `${INTERACTION_PATH}/${details.uid}`,
        }),
      );
  }

  // A sign-in page opened after it expired, or in another browser than the one the client sent.
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof errors.SessionNotFound || error instanceof errors.InvalidRequest) {
      return pageHeaders(reply).code(400).send(renderSignInExpiredPage());
    }
    request.log.error({ err: error }, 'sign-in page failed');
    return pageHeaders(reply).code(500).send(renderSignInExpiredPage('Pipe could not show this page. Start again from your assistant.'));
  });

  app.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, (request, reply) => show(request, reply, null));

  app.post<{ Params: { uid: string }; Body: { code?: string; decision?: string } }>(`${INTERACTION_PATH}/:uid`, async (request, reply) => {
    // The decision must come from Pipe's own page: a cross-site form post is refused.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== issuerOrigin) {
      return reply.code(403).type('text/plain; charset=utf-8').send(`a sign-in decision must be posted from ${issuerOrigin}`);
    }
    const { details, clientId, requested, account, link } = await load(request, reply);
    const body = request.body ?? {};
    if (body.decision !== 'approve') {
      reply.hijack();
      return provider.interactionFinished(
        request.raw,
        reply.raw,
        { error: 'access_denied', error_description: 'the person signing in denied the request' },
        { mergeWithLastSubmission: false },
      );
    }

    // Signed in by this very form (a link's code), or earlier in this browser (the session).
    let signedIn: { accountId: string; scope: AccessScope; who: string } | null = null;
    const code = CODE.exec(body.code ?? '')?.[0];
    if (code !== undefined) {
      const redeemed = await redeemSignInLink(db, code);
      if (redeemed === null) {
        return show(
          request,
          reply,
          'That sign-in link is unknown, expired or already used. Ask a team admin for a new one (pipe login-link).',
          400,
        );
      }
      signedIn = { accountId: oauthAccountId(redeemed.team, redeemed.id), scope: redeemed.scope, who: redeemed.email ?? redeemed.id };
    } else if (account !== null && link !== null) {
      signedIn = { accountId: oauthAccountId(account.team, link.id), scope: link.scope, who: link.email ?? link.id };
    } else {
      return show(request, reply, 'Paste the sign-in link a team admin gave you, then approve.', 400);
    }

    // What the client gets: what it asked for (read when it named nothing), capped by the link.
    const allowed = grantedScopes(signedIn.scope);
    const wanted: AccessScope[] = requested.length === 0 ? ['read'] : requested;
    const granted = wanted.filter((scope) => allowed.includes(scope));
    const rejected = requested.filter((scope) => !allowed.includes(scope));
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId: signedIn.accountId, clientId }))
      : new provider.Grant({ accountId: signedIn.accountId, clientId });
    if (granted.length > 0) grant.addResourceScope(resource, granted.join(' '));
    if (rejected.length > 0) grant.rejectResourceScope(resource, rejected.join(' '));
    // The provider also counts every requested scope as its own (they are listed so clients may
    // register with them): each must be granted or rejected there too, or consent is asked again.
    const requestedAll = String(details.params.scope ?? '')
      .split(' ')
      .filter((scope) => scope !== '');
    const oidcGranted = requestedAll.filter((scope) => !isAccessScope(scope) || allowed.includes(scope));
    const oidcRejected = requestedAll.filter((scope) => isAccessScope(scope) && !allowed.includes(scope));
    if (oidcGranted.length > 0) grant.addOIDCScope(oidcGranted.join(' '));
    if (oidcRejected.length > 0) grant.rejectOIDCScope(oidcRejected.join(' '));
    const grantId = await grant.save();
    request.log.info({ client: clientId, signIn: signedIn.who, granted, rejected }, 'oauth client approved');
    reply.hijack();
    return provider.interactionFinished(
      request.raw,
      reply.raw,
      { login: { accountId: signedIn.accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  });
}
