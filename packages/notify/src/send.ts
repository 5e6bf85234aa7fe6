import { Agent, type Dispatcher, request } from 'undici';
import type { OutgoingRequest } from './destinations.js';
import { PrivateTargetError, checkTarget, guardedLookup } from './target-guard.js';

/** What became of one request. */
export type SendResult =
  | { kind: 'sent'; status: number }
  /** 5xx, timeout, connection failure or 429: worth another attempt (`retryAfterMs` from the destination). */
  | { kind: 'retry'; reason: string; retryAfterMs?: number; rateLimited: boolean }
  /** 404 or 410: the webhook (or bot) is gone; the rule is paused. */
  | { kind: 'gone'; reason: string }
  /** Any other answer (400, 401, 403…) or a refused address: another attempt would fail the same way. */
  | { kind: 'failed'; reason: string };

/** Options of {@link Sender}. */
export interface SenderOptions {
  /** `PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS`. */
  allowPrivateTargets: boolean;
  /** How long one request may take, connect to last byte. */
  timeoutMs: number;
}

/**
 * Posts requests to destinations over one keep-alive connection pool whose DNS lookups refuse
 * private addresses (unless allowed), and classifies each answer the way the notifier acts on it.
 */
export class Sender {
  readonly #agent: Dispatcher;
  readonly #options: SenderOptions;

  constructor(options: SenderOptions) {
    this.#options = options;
    this.#agent = new Agent({
      connect: options.allowPrivateTargets ? { timeout: options.timeoutMs } : { timeout: options.timeoutMs, lookup: guardedLookup },
      keepAliveTimeout: 30_000,
    });
  }

  async send(outgoing: OutgoingRequest): Promise<SendResult> {
    try {
      // Literal addresses never reach the lookup, so they are checked here.
      await checkLiteral(outgoing.url, this.#options.allowPrivateTargets);
      const response = await request(outgoing.url, {
        method: 'POST',
        headers: outgoing.headers,
        body: outgoing.body,
        dispatcher: this.#agent,
        headersTimeout: this.#options.timeoutMs,
        bodyTimeout: this.#options.timeoutMs,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      const text = await response.body.text().catch(() => '');
      return classify(response.statusCode, response.headers, text);
    } catch (error) {
      if (error instanceof PrivateTargetError || (error as { code?: string }).code === 'PRIVATE_TARGET') {
        return { kind: 'failed', reason: (error as Error).message };
      }
      const name = (error as { name?: string }).name;
      const timedOut = name === 'TimeoutError' || name === 'HeadersTimeoutError' || name === 'BodyTimeoutError';
      return {
        kind: 'retry',
        reason: timedOut ? `no answer within ${this.#options.timeoutMs} ms` : `could not connect: ${(error as Error).message}`,
        rateLimited: false,
      };
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

async function checkLiteral(url: string, allowPrivate: boolean): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (/^[\d.]+$/.test(host) || host.includes(':')) await checkTarget(url, allowPrivate);
}

/** Maps a destination's answer onto what the notifier does next. */
export function classify(status: number, headers: Record<string, string | string[] | undefined>, body: string): SendResult {
  if (status >= 200 && status < 300) {
    // Telegram answers 200 with ok:false only for errors it reports with other codes; trust the status.
    return { kind: 'sent', status };
  }
  const detail = `${status}${body ? ` ${body.slice(0, 200)}` : ''}`;
  if (status === 429) {
    const retryAfterMs = retryAfter(headers, body);
    return {
      kind: 'retry',
      reason: `rate limited (${detail})`,
      rateLimited: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (status === 404 || status === 410) return { kind: 'gone', reason: `the destination answered ${detail}: it was deleted or revoked` };
  if (status >= 500 || status === 408) {
    const retryAfterMs = retryAfter(headers, body);
    return {
      kind: 'retry',
      reason: `the destination failed (${detail})`,
      rateLimited: false,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  return { kind: 'failed', reason: `the destination refused the message (${detail})` };
}

/**
 * The wait a destination asks for: the `Retry-After` header (seconds or an HTTP date; Slack,
 * Discord), else Discord's `retry_after` or Telegram's `parameters.retry_after` in the JSON body.
 */
export function retryAfter(headers: Record<string, string | string[] | undefined>, body: string): number | undefined {
  const header = headers['retry-after'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined) {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  try {
    const parsed = JSON.parse(body) as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
    const seconds = parsed.parameters?.retry_after ?? parsed.retry_after;
    if (typeof seconds === 'number' && seconds >= 0) return Math.ceil(seconds * 1000);
  } catch {
    // Not JSON: no hint in the body.
  }
  return undefined;
}
