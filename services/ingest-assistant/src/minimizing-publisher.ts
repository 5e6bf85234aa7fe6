import type { IngestPublisher } from '@pipe/ingest-kit';
import { minimizeHookInput } from './normalize/index.js';

/**
 * A publisher that keeps in `PIPE_RAW` only what the normaliser reads (see `minimizeHookInput`):
 * no prompt text unless the team opted in, no file contents, no tool output. Events pass through.
 */
export function minimizingPublisher(inner: IngestPublisher, storePrompts: (team: string) => Promise<boolean>): IngestPublisher {
  return {
    async publishRaw(raw) {
      return inner.publishRaw({ ...raw, body: minimizeHookInput(raw.body, await storePrompts(raw.team)) });
    },
    publishEvent: (event, msgId) => inner.publishEvent(event, msgId),
  };
}
