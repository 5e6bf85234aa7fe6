import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** The SDK's id of the standalone (GET) SSE stream, where notifications go. */
export const STANDALONE_STREAM = '_GET_stream';
/** `_meta` keys a change notification carries: its `PIPE_CHANGES` sequence and index in the notice. */
export const META_SEQ = 'pipe/changeSeq';
export const META_INDEX = 'pipe/changeIndex';
/** How many other messages a session keeps for replay on this process. */
const RING_SIZE = 500;

/** Replays the change notifications a session would have received after a position. */
export type ChangeReplayer = (
  afterSeq: number,
  afterIndex: number,
  send: (eventId: string, message: JSONRPCMessage) => Promise<void>,
) => Promise<void>;

interface Stored {
  id: string;
  n: number;
  streamId: string;
  message: JSONRPCMessage;
}

function changeMeta(message: JSONRPCMessage): { seq: number; index: number } | null {
  if (!('method' in message) || message.method !== 'notifications/resources/updated') return null;
  const meta = (message.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  const seq = meta?.[META_SEQ];
  const index = meta?.[META_INDEX];
  return typeof seq === 'number' && typeof index === 'number' ? { seq, index } : null;
}

/**
 * The event store of one session's Streamable HTTP transport, so a client that reconnects with
 * `Last-Event-ID` receives what it missed. Change notifications are not stored: their event id is
 * their place in `PIPE_CHANGES` (`c.<seq>.<index>`), and a replay recomputes them from the stream
 * for the session's subscriptions, so a reconnect to any gateway process gets them. Other
 * messages (responses on POST streams, log messages, the priming events) are kept in a small ring
 * on this process (`m.<seq>.<n>` carries the change position reached when it was sent, so a
 * resume from one of them on another process still replays the changes after it).
 */
export class SessionEventStore implements EventStore {
  readonly #ring: Stored[] = [];
  readonly #position: () => number;
  readonly #replayChanges: ChangeReplayer;
  #n = 0;

  /**
   * @param position the last `PIPE_CHANGES` sequence delivered to (or skipped for) this session
   * @param replayChanges recomputes the session's change notifications after a position
   */
  constructor(position: () => number, replayChanges: ChangeReplayer) {
    this.#position = position;
    this.#replayChanges = replayChanges;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const change = streamId === STANDALONE_STREAM ? changeMeta(message) : null;
    if (change !== null) return `c.${change.seq}.${change.index}`;
    this.#n += 1;
    // A request stream's id is part of its events' ids, so a resume finds the stream without this process's memory.
    const id = streamId === STANDALONE_STREAM ? `m.${this.#position()}.${this.#n}` : `r.${this.#n}.${streamId}`;
    this.#ring.push({ id, n: this.#n, streamId, message });
    if (this.#ring.length > RING_SIZE) this.#ring.shift();
    return id;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const parsed = parseEventId(eventId);
    return parsed?.streamId;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parsed = parseEventId(lastEventId);
    if (parsed === undefined) throw new Error(`'${lastEventId}' is not an event id of this server`);
    if (parsed.kind === 'r') {
      for (const event of this.#ring) {
        if (event.streamId === parsed.streamId && event.n > parsed.n && Object.keys(event.message).length > 0)
          await send(event.id, event.message);
      }
      return parsed.streamId;
    }
    if (parsed.kind === 'm') {
      for (const event of this.#ring) {
        if (event.streamId === STANDALONE_STREAM && event.n > parsed.n && Object.keys(event.message).length > 0)
          await send(event.id, event.message);
      }
    }
    await this.#replayChanges(parsed.seq, parsed.kind === 'c' ? parsed.index : Number.POSITIVE_INFINITY, send);
    return STANDALONE_STREAM;
  }
}

type ParsedId =
  | { kind: 'c'; seq: number; index: number; streamId: string }
  | { kind: 'm'; seq: number; n: number; streamId: string }
  | { kind: 'r'; n: number; streamId: string };

/** Reads an event id this store issued. */
export function parseEventId(id: string): ParsedId | undefined {
  const change = /^c\.(\d+)\.(\d+)$/.exec(id);
  if (change) return { kind: 'c', seq: Number(change[1]), index: Number(change[2]), streamId: STANDALONE_STREAM };
  const message = /^m\.(\d+)\.(\d+)$/.exec(id);
  if (message) return { kind: 'm', seq: Number(message[1]), n: Number(message[2]), streamId: STANDALONE_STREAM };
  const request = /^r\.(\d+)\.(.+)$/.exec(id);
  if (request?.[2]) return { kind: 'r', n: Number(request[1]), streamId: request[2] };
  return undefined;
}
