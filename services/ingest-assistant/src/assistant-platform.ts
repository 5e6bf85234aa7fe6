import { IngestError, type IngestPlatform } from '@pipe/ingest-kit';
import { bearerKey } from './bearer-key.js';
import { AssistantPayloadError, assistantDeliveryId, normalizeAssistantDelivery } from './normalize/index.js';

/** What the assistant platform looks up. */
export interface AssistantPlatformDeps {
  /** The team an unrevoked API key belongs to, or null (see `findApiKey`). */
  teamForKey(key: string): Promise<string | null>;
  /** Whether the team opted in to keeping prompt text. */
  storePrompts(team: string): Promise<boolean>;
}

/** The context headers a hook command may add, kept with the raw delivery and read by the normaliser. */
export const ASSISTANT_CONTEXT_HEADERS = ['x-pipe-assistant', 'x-pipe-user', 'x-pipe-git-remote', 'x-pipe-git-head'] as const;

/**
 * AI assistants as an ingest platform: `POST /webhooks/assistant/:team` takes Claude Code's hook
 * input (or another assistant's in the same shape), authenticated by the team's API key as a
 * bearer token — 401 when it is missing, unknown, revoked or another team's. Sessions, tool uses,
 * files, commits and (when opted in) prompts become events; other hook events are skipped.
 */
export function assistantPlatform(deps: AssistantPlatformDeps): IngestPlatform {
  return {
    platform: 'assistant',
    // Authenticated by API key, not a per-platform webhook secret.
    secret: 'none',
    rawHeaders: ASSISTANT_CONTEXT_HEADERS,
    contentTypeHint: "post the hook input as application/json (curl -H 'Content-Type: application/json' --data-binary @-)",
    async verify({ team, headers }) {
      const keyTeam = await deps.teamForKey(bearerKey(headers));
      // One answer for unknown and other-team keys, so a key's team is not disclosed.
      if (keyTeam !== team) {
        throw new IngestError('UNAUTHORIZED', `the API key is not a valid key of team '${team}': use the key \`pipe team create ${team}\` printed (or a new one)`);
      }
    },
    deliveryId: ({ payload }) => assistantDeliveryId(payload),
    async normalize(delivery) {
      const storePrompts = await deps.storePrompts(delivery.team);
      try {
        return normalizeAssistantDelivery({ ...delivery, storePrompts });
      } catch (cause) {
        if (cause instanceof AssistantPayloadError) throw new IngestError('INVALID_PAYLOAD', cause.message, { cause });
        throw cause;
      }
    },
  };
}
