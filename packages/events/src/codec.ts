import { PipeEvent } from './envelope.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An event's bytes could not be read as a Pipe event. */
export class EventDecodeError extends Error {
  override readonly name = 'EventDecodeError';
  readonly code = 'EVENT_DECODE_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Validates and serialises an event for the log. */
export function encodeEvent(event: PipeEvent): Uint8Array {
  return encoder.encode(JSON.stringify(PipeEvent.parse(event)));
}

/**
 * Serialises an event that has already passed {@link PipeEvent} (ingest's `storableEvents` parses
 * every event it lets through), so the hot path does not parse it a second time.
 */
export function encodeCheckedEvent(event: PipeEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event));
}

/** Parses and validates an event read from the log. */
export function decodeEvent(bytes: Uint8Array): PipeEvent {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch (cause) {
    throw new EventDecodeError('the message is not JSON', { cause });
  }
  const parsed = PipeEvent.safeParse(json);
  if (!parsed.success) {
    throw new EventDecodeError(`the message is not a valid Pipe event: ${parsed.error.message}`, { cause: parsed.error });
  }
  return parsed.data;
}
