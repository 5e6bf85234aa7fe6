import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The Fastify request as the SDK's web-standard transport reads it: method, URL and headers
 * (`get` and `entries`, over Node's own header object). Not a full `Request` with `Headers`:
 * handed a parsed body (Fastify has parsed it already), the transport reads nothing else, and
 * constructing real ones (an abort signal, a body stream, listeners, every header validated and
 * copied) is one of the larger costs of a tool call in the gateway's CPU profile.
 */
export function toWebRequest(request: FastifyRequest): Request {
  const nodeHeaders = request.headers;
  const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);
  const headers: Pick<Headers, 'get' | 'entries'> = {
    get: (name) => joined(nodeHeaders[name.toLowerCase()]) ?? null,
    *entries() {
      for (const [name, value] of Object.entries(nodeHeaders)) {
        const text = joined(value);
        if (text !== undefined) yield [name, text];
      }
    },
  };
  const parts = { method: request.method, url: `http://${request.headers.host ?? 'localhost'}${request.url}`, headers };
  return parts as unknown as Request;
}

/**
 * Writes a Web `Response` (a JSON answer or an SSE stream) to the raw socket, chunk by chunk as
 * the transport produces them. When the client goes away the body is cancelled, which is how the
 * transport learns an SSE stream ended. Resolves when the response is finished either way.
 *
 * A long-lived stream (`GET`) sends its headers and each event at once, so the client knows it
 * is open. Any other answer holds its last chunk until the body ends, the next chunk comes, or
 * {@link HOLD_MS} pass: a tool call's answer (headers, the priming event that makes its stream
 * resumable, its one event, the end of the body) then leaves in one write instead of three —
 * each a system call that costs as much as the rest of the answer's writing — while a long
 * call's progress events still leave within a few milliseconds.
 */
export async function sendWebResponse(reply: FastifyReply, response: Response, options: { stream: boolean }): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  raw.writeHead(response.status, headers);
  if (response.body === null) {
    raw.end();
    return;
  }
  if (options.stream) raw.flushHeaders();
  const reader = response.body.getReader();
  const closed = () => void reader.cancel().catch(() => undefined);
  raw.once('close', closed);
  const write = async (chunk: Uint8Array) => {
    if (!raw.write(chunk)) await new Promise<void>((resolve) => raw.once('drain', resolve).once('close', resolve));
  };
  // The last chunk read, held back (not for streams) until the body's end, or the next chunk, or
  // HOLD_MS — whichever comes first — so the end can carry it.
  let held: Uint8Array | undefined;
  try {
    for (;;) {
      const reading = reader.read();
      if (held !== undefined && !(await settlesWithin(reading, HOLD_MS))) {
        await write(held);
        held = undefined;
      }
      const { done, value } = await reading;
      if (done) break;
      if (held !== undefined) await write(held);
      if (options.stream) await write(value);
      else held = value;
    }
  } catch {
    // The client went away mid-stream: nothing left to write to.
  } finally {
    raw.off('close', closed);
    if (held !== undefined && !raw.destroyed) raw.end(held);
    else raw.end();
  }
}

/**
 * How long a chunk of an answer waits for the next one. A tool call's priming event comes before
 * the call runs; a search at a million items answers in well under this, so both leave together.
 */
const HOLD_MS = 25;

/** Whether `promise` settles within `ms`. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(resolve, ms, false);
    }),
  ]).finally(() => clearTimeout(timer));
}
