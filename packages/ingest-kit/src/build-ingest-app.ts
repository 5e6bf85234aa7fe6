import { generateKeyPairSync } from 'node:crypto';
import { TeamSlug } from '@pipe/events';
import { ACCESS_LOG_OPTIONS, healthPlugin } from '@pipe/service-runtime';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  type HandshakeReply,
  type IncomingHeaders,
  type IngestDelivery,
  IngestError,
  type IngestIo,
  type IngestPlatform,
  deliveryContent,
  deliveryMsgIdBase,
  pickHeaders,
  storableEvents,
} from '@pipe/platforms';
import type { IngestPublisher } from './publisher.js';
import { storeDelivery } from './store-delivery.js';
import { toIngestError } from './to-ingest-error.js';
import { inWebhookTrace, instrumentWebhooks, markWebhookOutcome } from './webhook-telemetry.js';

/** A team as the app needs it: null when there is no such team. */
export interface TeamCredential {
  /** The team's stored secret for the platform; null when none is set yet. */
  secret: string | null;
}

/** Everything an ingest app needs from the outside world; `runIngestService` wires the real ones. */
export interface IngestAppDeps {
  publisher: IngestPublisher;
  /** The team's credential for this platform, or null when the team does not exist. */
  credentialFor(team: string): Promise<TeamCredential | null>;
  /** Null when ready to take deliveries, else why not (answered by `/ready` with 503). */
  notReadyReason(): Promise<string | null>;
  /** Largest accepted body; larger ones get 413 `PAYLOAD_TOO_LARGE`. */
  bodyLimitBytes: number;
  /** The lookups, logger and publisher the platform's I/O steps use (`dbLookups` + the service's). */
  io: IngestIo;
  /** A pino logger; none → silent. */
  logger?: FastifyBaseLogger;
}

/** How long a 503 asks the platform to wait before it redelivers. */
const RETRY_AFTER_SECONDS = 5;

/** A delivery id the raw record's header cannot carry. */
const UNSTORABLE_ID = /^$|[\r\n\0]|^[\s\S]{1025}/;

/**
 * The secret an unknown team is verified with: a fresh Ed25519 public key (hex), which is also a
 * well-formed HMAC secret, so every platform's verify runs to its own "does not match" answer.
 * Nobody holds its private half or knows it, so no request can pass.
 */
const UNKNOWN_TEAM_SECRET = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

/** A logger that drops everything: an unknown team's platform steps log nothing about it. */
const SILENT: IngestIo['logger'] = { info: () => undefined, warn: () => undefined, debug: () => undefined };

/** How to run `pipe team set-secret` for a platform whose secret the platform itself issues. */
const setSecretHint = (team: string, platform: string) =>
  `team '${team}' has no ${platform} secret yet: run \`pipe team set-secret ${team} ${platform} <value>\` (or use the one \`pipe team create\` printed)`;

/**
 * Builds the Fastify app of one platform's ingest service: `POST /webhooks/<platform>/:team`
 * and the runtime's probes (`GET /health`, `/ready`, `/metrics`). It keeps the body raw for verification, enforces the body limit
 * (413), answers every failure as `{ error: { code, message } }`, and answers 2xx only after
 * JetStream acknowledged the raw record and every event. No I/O happens until a request arrives.
 */
export function buildIngestApp(platform: IngestPlatform<unknown>, deps: IngestAppDeps): FastifyInstance {
  const app = Fastify({
    ...ACCESS_LOG_OPTIONS,
    bodyLimit: deps.bodyLimitBytes,
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
  });
  const name = platform.platform;
  // What an unknown team's platform steps see: its secret is the one above and nothing is stored
  // or logged, so a handshake (Notion's unsigned verification token) answers as it does for a team
  // that already has a token, and no row is ever written for a team that does not exist.
  const unknownTeamIo: IngestIo = { ...deps.io, logger: SILENT, secret: async () => UNKNOWN_TEAM_SECRET, setSecret: async () => undefined };
  const contentTypes = platform.contentTypes ?? ['application/json'];
  const acceptedStatus = platform.acceptedStatus ?? 202;
  instrumentWebhooks(app, name);

  // Signatures cover the exact bytes the platform sent, so the body is kept raw and parsed later.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...contentTypes], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(
      new IngestError(
        'UNSUPPORTED_MEDIA_TYPE',
        platform.contentTypeHint ?? `send the ${name} webhook as ${contentTypes.join(' or ')} (set it in the webhook's settings)`,
      ),
    ),
  );

  app.setErrorHandler((error: Error, request, reply) => {
    const known = toIngestError(error, deps.bodyLimitBytes, name);
    markWebhookOutcome(request, known.code);
    if (known.statusCode >= 500) request.log.error({ err: error }, known.message);
    else request.log.info({ code: known.code }, known.message);
    // Every 503 is a dependency that is down (NATS, Postgres): the platform retries after a pause.
    if (known.statusCode === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.status(known.statusCode).send(known.toBody());
  });

  void app.register(healthPlugin, { notReadyReason: () => deps.notReadyReason() });

  app.post<{ Params: { team: string } }>(`/webhooks/${name}/:team`, (request, reply) =>
    inWebhookTrace(request, async () => {
      const nowMs = Date.now();
      const receivedAt = new Date(nowMs).toISOString();
      const team = request.params.team;
      const slug = TeamSlug.safeParse(team);
      // An unknown team (or a segment that cannot be one) goes through the same steps as a known one
      // with a secret nobody has, so it is answered exactly like a bad signature: a 404 here would
      // let anyone probe which team slugs exist.
      const credential = slug.success ? await deps.credentialFor(slug.data) : null;
      const known = credential !== null;
      const io = known ? deps.io : unknownTeamIo;
      if (!known) request.log.info({ team }, 'delivery for an unknown team: answered like a bad signature');
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const headers = request.headers;
      const parse = () => parseBody(platform, rawBody, headers);

      if (platform.handshake?.stage === 'before-verify') {
        const answer = await platform.handshake.answer({ team, headers, rawBody, payload: parse(), io });
        if (answer) return sendHandshake(request, reply, answer);
      }
      const needsSecret = (platform.secret ?? 'webhook-secret') === 'webhook-secret';
      if (needsSecret && known && !credential.secret) throw new IngestError('SECRET_NOT_SET', setSecretHint(team, name));
      await platform.verify({ team, headers, rawBody, secret: known ? (credential.secret ?? '') : UNKNOWN_TEAM_SECRET, nowMs, io });
      // No signature can match a secret nobody has; should a platform's verify pass anyway, refuse.
      if (!known) throw new IngestError('SIGNATURE_INVALID', `the request is not signed with a secret of team '${team}'`);
      const payload = parse();
      if (platform.handshake && platform.handshake.stage !== 'before-verify') {
        const answer = await platform.handshake.answer({ team, headers, rawBody, payload, io: deps.io });
        if (answer) return sendHandshake(request, reply, answer);
      }
      const deliveryId = platform.deliveryId({ headers, payload });
      // It is stored as a NATS header (`Pipe-Delivery-Id`), which cannot hold these.
      if (UNSTORABLE_ID.test(deliveryId)) {
        throw new IngestError(
          'INVALID_PAYLOAD',
          `the ${name} delivery id is empty, longer than 1024 characters or holds CR, LF or NUL: send the delivery as the platform made it`,
        );
      }
      const delivery: IngestDelivery = {
        team,
        platform: name,
        deliveryId,
        receivedAt,
        headers: pickHeaders(headers, platform.rawHeaders),
        rawBody,
        payload,
      };
      const context: unknown = platform.enrich ? await platform.enrich(delivery, deps.io) : undefined;
      const normalized = await platform.normalize(delivery, context);
      // What is acknowledged can be stored: every string made storable, every event checked against
      // the envelope, or the delivery refused with a 400 naming the field (before anything is published).
      const result = normalized.outcome === 'events' ? { ...normalized, events: storableEvents(normalized.events, name) } : normalized;
      const kept = platform.keptBody ? { ...delivery, rawBody: Buffer.from(platform.keptBody(delivery, context)) } : delivery;
      // Per team, per content: see `deliveryMsgIdBase` (docs/architecture.md, "Deduplication").
      const content = deliveryContent(kept.rawBody, platform.retryFields, kept === delivery ? payload : undefined);
      const stored = await storeDelivery(kept, result, deps.publisher, deliveryMsgIdBase(team, name, deliveryId, content));
      await platform.afterStore?.(delivery, result, deps.io);
      markWebhookOutcome(request, stored.duplicate ? 'duplicate' : stored.skipped ? 'skipped' : 'accepted');
      if (acceptedStatus === 204) return reply.status(204).send();
      return reply.status(acceptedStatus).send({ accepted: true, delivery: deliveryId, ...stored });
    }),
  );

  return app;
}

function parseBody(platform: IngestPlatform<unknown>, rawBody: Buffer, headers: IncomingHeaders): unknown {
  try {
    return platform.parse ? platform.parse(rawBody, headers) : JSON.parse(rawBody.toString('utf8'));
  } catch (cause) {
    if (cause instanceof IngestError) throw cause;
    throw new IngestError('MALFORMED_BODY', `the body is not valid JSON: send the ${platform.platform} webhook's payload unchanged`, {
      cause,
    });
  }
}

function sendHandshake(request: FastifyRequest, reply: FastifyReply, answer: HandshakeReply): FastifyReply {
  markWebhookOutcome(request, 'handshake');
  void reply.status(answer.status ?? 200);
  for (const [key, value] of Object.entries(answer.headers ?? {})) void reply.header(key, value);
  if (answer.body === undefined) return reply.send();
  if (typeof answer.body === 'string') return reply.type('text/plain; charset=utf-8').send(answer.body);
  return reply.send(answer.body);
}
