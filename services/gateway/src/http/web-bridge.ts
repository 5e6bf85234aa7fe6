import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The Fastify request as a Web `Request` for the SDK's web-standard transport. The body is not
 * copied: Fastify has parsed it already and it is handed to the transport as `parsedBody`.
 */
export function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  return new Request(`http://${request.headers.host ?? 'localhost'}${request.url}`, { method: request.method, headers });
}

/**
 * Writes a Web `Response` (a JSON answer or an SSE stream) to the raw socket, chunk by chunk as
 * the transport produces them. When the client goes away the body is cancelled, which is how the
 * transport learns an SSE stream ended. Resolves when the response is finished either way.
 */
export async function sendWebResponse(reply: FastifyReply, response: Response): Promise<void> {
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
  raw.flushHeaders();
  const reader = response.body.getReader();
  const closed = () => void reader.cancel().catch(() => undefined);
  raw.once('close', closed);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!raw.write(value)) await new Promise<void>((resolve) => raw.once('drain', resolve).once('close', resolve));
    }
  } catch {
    // The client went away mid-stream: nothing left to write to.
  } finally {
    raw.off('close', closed);
    raw.end();
  }
}
