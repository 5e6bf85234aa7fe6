/** One server-sent event. */
export interface SseEvent {
  id?: string;
  data: string;
}

/**
 * Opens `GET /mcp` (the notification stream) of a session with raw fetch and reads events as they
 * come, so a test controls exactly when the connection drops and which `Last-Event-ID` it resumes from.
 */
export async function openNotificationStream(
  mcpUrl: string,
  headers: Record<string, string>,
): Promise<{ status: number; next(): Promise<SseEvent>; close(): void }> {
  const abort = new AbortController();
  const response = await fetch(mcpUrl, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    status: response.status,
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('id:')) event.id = line.slice(3).trim();
            if (line.startsWith('data:')) event.data += line.slice(5).trim();
          }
          if (event.data !== '' || event.id !== undefined) return event;
          continue;
        }
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error('the stream ended');
        buffer += chunk.value;
      }
    },
    close() {
      abort.abort();
    },
  };
}
