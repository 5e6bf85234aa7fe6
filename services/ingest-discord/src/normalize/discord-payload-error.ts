/**
 * A Discord event Pipe normalises lacks a field the normaliser needs, or holds it in the wrong
 * shape. The message names the field; the HTTP layer answers it with a 400 `INVALID_PAYLOAD`.
 */
export class DiscordPayloadError extends Error {
  override readonly name = 'DiscordPayloadError';
  readonly code = 'DISCORD_PAYLOAD_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
