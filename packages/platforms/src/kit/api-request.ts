import { ApiCredentialError } from './platform-api.js';

/** What {@link requestApiJson} got back. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or null when the body was not JSON. */
  body: unknown;
}

/**
 * One HTTP request to a platform's API for a credential check. A network failure or a timeout is
 * `API_UNREACHABLE` naming the URL (nothing can be decided without an answer); any status comes
 * back for the caller to judge, because what a 403 means differs per platform.
 */
export async function requestApiJson(platform: string, url: string, init: RequestInit, signal?: AbortSignal): Promise<ApiAnswer> {
  const timeout = AbortSignal.timeout(15_000);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (cause) {
    throw new ApiCredentialError(
      'API_UNREACHABLE',
      `the ${platform} API at ${url} could not be reached: ${describe(cause)}; check --api-url and the network`,
      {
        cause,
      },
    );
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, body };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** `base` without a trailing slash, joined with `path` (which starts with `/`). */
export const apiUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}${path}`;
