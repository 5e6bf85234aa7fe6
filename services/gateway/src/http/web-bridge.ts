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
 * A long-lived stream (`GET`) sends its headers at once, so the client knows it is open. Any other
 * answer holds its writes until the event loop's next turn: a tool call's answer (headers, its one
 * event, the end of the body) then leaves in one write instead of three — each a system call that
 * costs as much as the rest of the answer's writing — while a call's progress events still leave
 * within a turn.
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
  let corked = false;
  const uncork = () => {
    corked = false;
    raw.uncork();
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!options.stream && !corked) {
        corked = true;
        raw.cork();
        setImmediate(uncork);
      }
      if (!raw.write(value)) await new Promise<void>((resolve) => raw.once('drain', resolve).once('close', resolve));
    }
  } catch {
    // The client went away mid-stream: nothing left to write to.
  } finally {
    raw.off('close', closed);
    raw.end();
  }
}
