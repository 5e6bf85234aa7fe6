import pino, { type Logger, type LoggerOptions } from 'pino';
import { activeTraceIds } from './trace-context.js';

/**
 * What never reaches a log line: credentials in headers (HTTP and NATS), signatures, tokens and
 * secrets wherever a handler puts them. Paths are pino's (`*` is one level of any key). Each
 * platform's signature headers are its module's (`REDACTED_HEADER_PATHS` in @pipe/platforms),
 * which services pass in as `redact`: this package knows no platform.
 */
export const REDACTED_PATHS: readonly string[] = Object.freeze([
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'apiKey',
  'secret',
  'token',
  'password',
  'signature',
  '*.apiKey',
  '*.secret',
  '*.token',
  '*.password',
  '*.signature',
  '*.authorization',
]);

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** The service (`ingest-github`, `projector`, `gateway`). */
  name: string;
  level: LoggerOptions['level'];
  /** More paths to redact (a platform's own signature header). */
  redact?: readonly string[];
  /** Where lines go (default stdout). */
  destination?: pino.DestinationStream;
}

/**
 * The one way services make their logger: pino JSON lines, each carrying the active trace's
 * `trace_id` and `span_id` (so a log line leads to its trace and back), with credentials,
 * signatures and tokens censored.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    redact: { paths: [...REDACTED_PATHS, ...(options.redact ?? [])], censor: '[redacted]' },
    mixin: () => activeTraceIds() ?? {},
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
