import { PLATFORMS } from './registry.js';

/**
 * The logger redaction paths (pino's) of every platform's signature and credential headers, from
 * the modules' `redactHeaders`. Services pass them to `createLogger` (`redact`): the telemetry
 * package sits below the platform modules and knows no platform.
 */
export const REDACTED_HEADER_PATHS: readonly string[] = Object.freeze(
  [...new Set(PLATFORMS.flatMap((module) => module.redactHeaders))].map((header) => `req.headers["${header}"]`),
);
