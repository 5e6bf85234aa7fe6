import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { ApiCredential } from '../../kit/platform-api.js';

/** GitHub's public REST API; Enterprise Server is `https://<host>/api/v3`. */
export const GITHUB_API_URL = 'https://api.github.com';

/** Octokit with the plugins a backfill needs: native JSON bodies, pagination by `Link`, retries of 5xx, and GitHub's rate limits. */
const PipeOctokit = Octokit.plugin(nativeJsonBodies, paginateRest, retry, throttling);
/** The GitHub REST client a backfill uses. */
export type GithubClient = InstanceType<typeof PipeOctokit>;

/** How the client waits and retries; tests shorten the waits, never the rules. */
export interface GithubClientOptions {
  /** Retries of a rate-limited request (429, or a primary/secondary limit 403 with `Retry-After`), default 4. */
  rateLimitRetries?: number;
  /** Retries of a 5xx or a network error, default 3 (plugin-retry backs off quadratically). */
  serverErrorRetries?: number;
  /** plugin-retry's base wait in ms (default 1000). */
  retryBaseMs?: number;
  /** Told each time GitHub asks the client to wait, so a job can say it is waiting, not stuck. */
  onWait?: (seconds: number, reason: 'rate-limit' | 'secondary-rate-limit') => void;
}

/**
 * A GitHub REST client for one credential. `@octokit/plugin-throttling` honours `Retry-After`,
 * `x-ratelimit-remaining`/`x-ratelimit-reset` and secondary limits (it waits, then retries up to
 * `rateLimitRetries` times); `@octokit/plugin-retry` retries 5xx and network errors with backoff and
 * never retries 4xx such as a revoked token's 401.
 */
export function createGithubClient(credential: ApiCredential, options: GithubClientOptions = {}): GithubClient {
  const rateLimitRetries = options.rateLimitRetries ?? 4;
  const onLimit =
    (reason: 'rate-limit' | 'secondary-rate-limit') =>
    (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number): boolean => {
      if (retryCount >= rateLimitRetries) return false;
      options.onWait?.(retryAfter, reason);
      return true;
    };
  return new PipeOctokit({
    auth: credential.token,
    baseUrl: (credential.apiUrl ?? GITHUB_API_URL).replace(/\/+$/, ''),
    userAgent: 'pipe-sync',
    request: { parseSuccessResponseBody: false },
    retry: {
      retries: options.serverErrorRetries ?? 3,
      ...(options.retryBaseMs !== undefined ? { retryAfterBaseValue: options.retryBaseMs } : {}),
    },
    throttle: { onRateLimit: onLimit('rate-limit'), onSecondaryRateLimit: onLimit('secondary-rate-limit') },
    // The library logs every retry at warn on the console; the service's own log says what matters.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

/**
 * An octokit plugin: success bodies parsed with the native `JSON.parse` (see {@link responseBody}).
 * Every request asks octokit not to parse them (`parseSuccessResponseBody: false`, a default of the
 * client), and this hook parses the stream it gets back — a hook cannot change the options the
 * hooks inside it see, so the default is the only way to reach the request itself.
 */
function nativeJsonBodies(octokit: Octokit): void {
  octokit.hook.wrap('request', async (request, options) => {
    const response = await request(options);
    if (!(response.data instanceof ReadableStream)) return response;
    return { ...response, data: await responseBody(response.data as ReadableStream<Uint8Array>, response.headers['content-type']) };
  });
}

/**
 * A success body, parsed with the native `JSON.parse`. `@octokit/request` parses with
 * `json-with-bigint` to keep integers past 2^53 exact; GitHub's REST ids and numbers stay far below
 * that (database ids are near 10^10), and that parser took an eighth of a backfill's CPU (pnpm bench
 * sync's profile). Errors (4xx, 5xx) are still read by octokit itself.
 */
async function responseBody(body: ReadableStream<Uint8Array>, contentType: string | undefined): Promise<unknown> {
  const text = await new Response(body).text();
  if (!/^application\/(scim\+)?json\b/i.test(contentType ?? '')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
