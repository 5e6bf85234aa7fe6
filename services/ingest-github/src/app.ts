import { verify } from '@octokit/webhooks-methods';
import { TeamSlug } from '@pipe/events';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type PublishEvent, deliver } from './deliver.js';
import { IngestError } from './errors.js';
import { GithubPayloadError } from './normalize/index.js';

/** Everything the app needs from the outside world; `main.ts` wires the real ones. */
export interface IngestGithubDeps {
  publish: PublishEvent;
  /** The team's GitHub webhook secret, or null when the team does not exist. */
  secretFor(team: string): Promise<string | null>;
  /** Null when ready to take deliveries, else why not. */
  notReadyReason(): Promise<string | null>;
  bodyLimitBytes: number;
  /** A pino logger; none → silent. */
  logger?: FastifyBaseLogger;
}

/**
 * The GitHub ingest service: `POST /webhooks/github/:team` verifies `X-Hub-Signature-256` over the
 * raw bytes, normalises the delivery, stores its events in `PIPE_EVENTS`, and answers 202 only
 * after JetStream acknowledged them. No I/O happens until a request arrives.
 */
export function buildApp(deps: IngestGithubDeps): FastifyInstance {
  const app = Fastify({ bodyLimit: deps.bodyLimitBytes, ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }) });

  // The signature covers the exact bytes GitHub sent, so the body is kept raw and parsed later.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(new IngestError('UNSUPPORTED_MEDIA_TYPE', 'set the webhook\'s content type to application/json in the GitHub webhook settings')),
  );

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
    const known = toIngestError(error, deps.bodyLimitBytes);
    if (known.statusCode >= 500) request.log.error({ err: error }, known.message);
    else request.log.info({ code: known.code }, known.message);
    if (known.code === 'BUS_UNAVAILABLE') reply.header('retry-after', '5');
    return reply.status(known.statusCode).send(known.toBody());
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const reason = await deps.notReadyReason();
    if (reason) return reply.status(503).send(new IngestError('NOT_READY', reason).toBody());
    return { status: 'ready' };
  });

  app.post<{ Params: { team: string } }>('/webhooks/github/:team', async (request, reply) => {
    const receivedAt = new Date().toISOString();
    const event = header(request.headers, 'x-github-event');
    const deliveryId = header(request.headers, 'x-github-delivery');
    const signature = request.headers['x-hub-signature-256'];
    const team = TeamSlug.safeParse(request.params.team);
    if (!team.success) throw new IngestError('UNKNOWN_TEAM', `'${request.params.team}' is not a team slug; use the URL \`pipe team create\` printed`);
    const secret = await deps.secretFor(team.data);
    if (secret === null) throw new IngestError('UNKNOWN_TEAM', `no team '${team.data}'; create it with \`pipe team create ${team.data}\``);
    if (typeof signature !== 'string' || signature === '') {
      throw new IngestError('SIGNATURE_MISSING', 'X-Hub-Signature-256 is missing: set the webhook secret `pipe team create` printed');
    }
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!(await verify(secret, raw.toString('utf8'), signature))) {
      throw new IngestError('SIGNATURE_INVALID', 'X-Hub-Signature-256 does not match: the webhook secret differs from the team\'s');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch (cause) {
      throw new IngestError('MALFORMED_BODY', 'the body is not valid JSON', { cause });
    }
    if (event === 'ping') return reply.status(200).send({ ok: true, pong: true });

    const result = await deliver({ team: team.data, event, deliveryId, receivedAt, payload }, deps.publish);
    return reply.status(202).send({ accepted: true, delivery: deliveryId, ...result });
  });

  return app;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  if (typeof value !== 'string' || value === '') {
    throw new IngestError('MISSING_HEADER', `${name} is missing: deliveries must come from a GitHub webhook`);
  }
  return value;
}

function toIngestError(error: Error & { code?: string; statusCode?: number }, bodyLimit: number): IngestError {
  if (error instanceof IngestError) return error;
  if (error instanceof GithubPayloadError) return new IngestError('INVALID_PAYLOAD', error.message, { cause: error });
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new IngestError('PAYLOAD_TOO_LARGE', `the body is larger than ${bodyLimit} bytes (INGEST_BODY_LIMIT_BYTES)`, { cause: error });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new IngestError('MALFORMED_BODY', error.message, { cause: error });
  }
  if ((error as { code?: string }).code === 'PUBLISH_FAILED') {
    return new IngestError('BUS_UNAVAILABLE', 'the event log is unavailable; GitHub will redeliver (or redeliver by hand)', { cause: error });
  }
  if (typeof error.statusCode === 'number' && error.statusCode < 500) {
    return new IngestError('MALFORMED_BODY', error.message, { cause: error });
  }
  return new IngestError('INTERNAL', 'the delivery could not be stored; it is safe to redeliver', { cause: error });
}
