import { IngestError } from './ingest-error.js';
import type { IncomingHeaders } from './ingest-platform.js';

/** A header's value (the first when repeated), or undefined when absent or empty. */
export function headerValue(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/**
 * A header the platform always sends; throws 400 `MISSING_HEADER` (or `code`, e.g.
 * `SIGNATURE_MISSING`) with `hint` as what to do.
 *
 * @example requireHeader(headers, 'x-example-delivery', 'deliveries must come from the platform\'s webhook')
 */
export function requireHeader(
  headers: IncomingHeaders,
  name: string,
  hint: string,
  code: 'MISSING_HEADER' | 'SIGNATURE_MISSING' = 'MISSING_HEADER',
): string {
  const value = headerValue(headers, name);
  if (value === undefined) throw new IngestError(code, `${name} is missing: ${hint}`);
  return value;
}

/** Only the named headers (lowercase), as plain strings: what `PIPE_RAW` keeps. */
export function pickHeaders(headers: IncomingHeaders, names: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = headerValue(headers, name);
    if (value !== undefined) kept[name.toLowerCase()] = value;
  }
  return kept;
}
