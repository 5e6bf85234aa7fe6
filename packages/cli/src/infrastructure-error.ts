import type { CliConfig } from './config.js';
import { natsUrlFor } from './connect-stack.js';
import { databaseUrlFor } from './stack-file.js';

/** A service the CLI needs did not answer: says which, where, and what to do. Exit code 3. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
  readonly code = 'UNREACHABLE';
  readonly exitCode = 3;
  constructor(
    readonly service: 'Postgres' | 'NATS',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Socket errors that mean nothing answered at that address. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/**
 * The error a command failed with, told as which service could not be reached, where, and what to
 * do — or null when it is not about reaching Postgres or NATS. The CLI talks to exactly these
 * two: NATS through `connectBus` (a `BusConnectError`), Postgres through `pg` (socket errors and
 * Postgres's own connection-time SQLSTATEs).
 */
export function explainUnreachable(error: unknown, config: CliConfig): UnreachableError | null {
  const chain = causes(error);
  const bus = chain.find((e) => e.name === 'BusConnectError');
  if (bus) {
    const where = address(natsUrlFor(config));
    const what = /JetStream/.test(bus.message) ? `NATS at ${where} runs without JetStream` : `NATS is not reachable at ${where}`;
    return new UnreachableError(
      'NATS',
      `${what}: start the stack with \`pipe up\` (it starts nats-server with JetStream), or set NATS_URL to a nats-server started with -js`,
      { cause: error },
    );
  }
  const where = address(databaseUrlFor(config));
  const fix = 'start the stack with `pipe up` (it finds or starts Postgres), or set DATABASE_URL to a running server';
  for (const e of chain) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (UNREACHABLE_CODES.has(code))
      return new UnreachableError('Postgres', `Postgres is not reachable at ${where} (${code}): ${fix}`, { cause: error });
    if (code === '3D000' || code === '28P01' || code === '28000' || code === '57P03')
      return new UnreachableError('Postgres', `Postgres at ${where} refused the connection (${e.message}): ${fix}`, { cause: error });
  }
  return null;
}

/** The error, its causes, and an AggregateError's errors (Node tries every address of a host). */
function causes(error: unknown, seen = new Set<unknown>()): Error[] {
  if (!(error instanceof Error) || seen.has(error)) return [];
  seen.add(error);
  const nested = error instanceof AggregateError ? error.errors.flatMap((e) => causes(e, seen)) : [];
  return [error, ...nested, ...causes(error.cause, seen)];
}

/** host:port of a URL, without credentials. */
function address(url: string): string {
  try {
    const parsed = new URL(url.split(',')[0] ?? url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('nats') ? '4222' : '5432')}`;
  } catch {
    return url;
  }
}
