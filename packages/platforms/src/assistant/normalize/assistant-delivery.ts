import type { IngestDelivery } from '../../kit/index.js';

/**
 * One authenticated assistant hook delivery as the normaliser reads it: the kit's delivery (its
 * `headers` are the optional context headers the hook command adds: `x-pipe-assistant`,
 * `x-pipe-user`, `x-pipe-git-remote`, `x-pipe-git-head`), and what `enrich` looked up.
 */
export type AssistantDelivery = Pick<IngestDelivery, 'team' | 'deliveryId' | 'receivedAt' | 'headers' | 'payload'> & {
  /** Whether the team opted in to keeping prompt text (`pipe team set <team> assistant.prompts on`). */
  storePrompts: boolean;
};
