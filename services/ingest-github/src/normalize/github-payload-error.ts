/**
 * A delivery of an event Pipe normalises lacks a field the normaliser needs, or holds it in the
 * wrong shape. The message names the field; the HTTP layer answers it with a 400.
 */
export class GithubPayloadError extends Error {
  override readonly name = 'GithubPayloadError';
  readonly code = 'GITHUB_PAYLOAD_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
