import { PipeEvent } from '@pipe/events';
import { IngestError } from './ingest-error.js';
import { payloadProblems } from './parse-payload.js';

/**
 * The longest key (id, container, external id, email…) an event may carry, in UTF-8 bytes. Keys
 * are btree-indexed in Postgres, whose index rows hold at most 2704 bytes; an edge row indexes two
 * keys (`from_id`, `to_ref`) beside team, type and origin, so each key gets at most 1200. That also
 * fits an activity id built from the longest delivery id ingest takes (1024 ASCII characters).
 */
export const KEY_MAX_BYTES = 1200;

/** What replaces a NUL or a lone surrogate: U+FFFD, as any UTF-8 decoder does for bytes it cannot read. */
const REPLACEMENT = '\uFFFD';
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is matched
const UNSTORABLE_CHARS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Paths (in the event) of every key a read model indexes. */
const KEY_PATHS: Record<string, readonly (readonly string[])[]> = {
  'item.observed': [
    ['data', 'item', 'id'],
    ['data', 'item', 'container'],
    ['data', 'item', 'parentId'],
    ['data', 'item', 'author', 'externalId'],
  ],
  'item.removed': [['data', 'itemId']],
  'link.observed': [
    ['data', 'from'],
    ['data', 'to'],
  ],
  'activity.observed': [
    ['data', 'activityId'],
    ['data', 'itemId'],
    ['data', 'actor', 'externalId'],
  ],
  'identity.observed': [
    ['data', 'identity', 'externalId'],
    ['data', 'email'],
  ],
};

/**
 * Makes a delivery's events storable, or refuses the delivery: what ingest acknowledges, the
 * projector can apply (ARCHITECTURE guarantee 2). Every string loses its NUL bytes and lone
 * surrogates (each replaced by U+FFFD: visible, same position, never joins two words; Postgres
 * text cannot hold NUL). Then each event must pass the envelope schema (dates ISO 8601 with a
 * four-digit year, versions non-negative…), its dates must lie in years 0001–9999 (Postgres has no
 * year 0) and its keys must fit {@link KEY_MAX_BYTES}; otherwise 400 `INVALID_PAYLOAD` naming
 * the event and field. Overlong keys are refused rather than hashed: no real source makes them,
 * and a hashed id could never be matched by a URL or reference naming the original.
 */
export function storableEvents(events: readonly PipeEvent[], platform: string): PipeEvent[] {
  const problems = new Set<string>();
  const stored = events.map((event) => {
    const clean = replaceUnstorable(event) as PipeEvent;
    const parsed = PipeEvent.safeParse(clean);
    const found = parsed.success ? [...dateProblems(parsed.data), ...keyProblems(parsed.data)] : payloadProblems(clean, parsed.error);
    for (const problem of found) problems.add(`${String(clean.type)} ${problem}`);
    return parsed.success ? parsed.data : clean;
  });
  // Every problem of every event at once (a bad date shows up in several), so the sender can fix all.
  if (problems.size > 0) throw new IngestError('INVALID_PAYLOAD', `the ${platform} delivery cannot be stored: ${[...problems].join('; ')}`);
  return stored;
}

function replaceUnstorable(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE_CHARS, REPLACEMENT);
  if (Array.isArray(value)) return value.map(replaceUnstorable);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = replaceUnstorable(inner);
    return out;
  }
  return value;
}

function dateProblems(event: PipeEvent): string[] {
  const dates: [string, string | null][] = [
    ['occurredAt', event.occurredAt],
    ['source.receivedAt', event.source.receivedAt],
  ];
  if (event.type === 'item.observed')
    dates.push(['data.item.createdAt', event.data.item.createdAt], ['data.item.updatedAt', event.data.item.updatedAt]);
  return dates.filter(([, value]) => value?.startsWith('0000')).map(([field, value]) => `${field} is invalid (${value} is before year 1)`);
}

function keyProblems(event: PipeEvent): string[] {
  const problems: string[] = [];
  for (const path of KEY_PATHS[event.type] ?? []) {
    const value = valueAt(event, path);
    if (typeof value !== 'string') continue;
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > KEY_MAX_BYTES) problems.push(`${path.join('.')} is ${bytes} bytes (at most ${KEY_MAX_BYTES}): ${value.slice(0, 60)}…`);
  }
  return problems;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
