import { IngestError, type IncomingHeaders, headerValue } from '../kit/index.js';

/**
 * The API key of an `Authorization: Bearer <key>` header; throws 401 `UNAUTHORIZED` saying how to
 * send it when the header is absent or not a bearer token.
 */
export function bearerKey(headers: IncomingHeaders): string {
  const authorization = headerValue(headers, 'authorization');
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match?.[1]) {
    throw new IngestError(
      'UNAUTHORIZED',
      "send the team's API key as `Authorization: Bearer <key>` (the hook command reads it from PIPE_API_KEY; `pipe team create` printed the key)",
    );
  }
  return match[1];
}
