import { TeamSlug } from '@pipe/events';

/**
 * Parsers for option values (`CliOption.parse`): each returns the value or throws an Error whose
 * message says what a valid value looks like, which the CLI prints with exit code 2. No option
 * falls back silently to a default when its value is wrong.
 */

/** A whole number ≥ 1 (`--wait 5000`, `--batch 500`). */
export function positiveInteger(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error('it must be a positive whole number, such as 5000');
  return Number(text);
}

/** An ISO 8601 time (`--from-time 2026-11-21T12:00:00Z`). */
export function isoTime(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime()))
    throw new Error('it must be an ISO time such as 2026-11-21T12:00:00Z');
  return date;
}

/** A team slug (`--team acme`): lower-case letters, digits and dashes. */
export function teamSlug(text: string): string {
  const slug = TeamSlug.safeParse(text);
  if (!slug.success) throw new Error('it must be a team slug such as acme (lower-case letters, digits and dashes)');
  return slug.data;
}

/** An http(s) URL (`--url https://pipe.example.com/webhooks/assistant/acme`). */
export function httpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('it is not a URL; one looks like https://pipe.example.com/webhooks/assistant/acme');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('it is not an http(s) URL');
  return text;
}
