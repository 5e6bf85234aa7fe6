/** The slice of a Fastify app {@link drainHttp} uses. */
export interface DrainableApp {
  close(): PromiseLike<unknown>;
  server: { closeIdleConnections(): void };
}

/**
 * Closes an HTTP app for shutdown: stops accepting, lets the requests in flight finish and be
 * answered, and closes each keep-alive connection as soon as it falls idle. Fastify's `close`
 * closes the connections idle at that moment only; one whose request was in flight stays open
 * after its answer until the client or the keep-alive timeout (72 s) ends it, and holds the
 * process that long. So idle connections are swept until the close completes.
 */
export async function drainHttp(app: DrainableApp, sweepEveryMs = 50): Promise<void> {
  const sweeper = setInterval(() => app.server.closeIdleConnections(), sweepEveryMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweeper);
  }
}
