import { IngestError, type IngestPlatform } from '../kit/index.js';
import { bearerKey } from './bearer-key.js';
import { assistantDeliveryId, minimizeHookInput, normalizeAssistantDelivery } from './normalize/index.js';

/** The context headers a hook command may add, kept with the raw delivery and read by the normaliser. */
export const ASSISTANT_CONTEXT_HEADERS = ['x-pipe-assistant', 'x-pipe-user', 'x-pipe-git-remote', 'x-pipe-git-head'] as const;

/** What the assistant's normaliser needs besides the delivery, looked up by `enrich`. */
export interface AssistantContext {
  /** Whether the team opted in to keeping prompt text (off when the lookup was skipped). */
  storePrompts: boolean;
}

/**
 * AI assistants' hooks: `POST /webhooks/assistant/:team` takes Claude Code's hook input (or
 * another assistant's in the same shape), authenticated by the team's API key as a bearer token —
 * 401 when it is missing, unknown, revoked or another team's. Sessions, tool uses, files, commits
 * and (when the team opted in, which `enrich` looks up) prompts become events; other hook events
 * are skipped. `PIPE_RAW` keeps only what the normaliser reads (`keptBody`).
 */
export const assistantIngest: IngestPlatform<AssistantContext> = {
  platform: 'assistant',
  // Authenticated by API key, not a per-platform webhook secret.
  secret: 'none',
  rawHeaders: ASSISTANT_CONTEXT_HEADERS,
  contentTypeHint: "post the hook input as application/json (curl -H 'Content-Type: application/json' --data-binary @-)",
  async verify({ team, headers, io }) {
    const keyTeam = await io.teamForApiKey(bearerKey(headers));
    // One answer for unknown and other-team keys, so a key's team is not disclosed.
    if (keyTeam !== team) {
      throw new IngestError(
        'UNAUTHORIZED',
        `the API key is not a valid key of team '${team}': use the key \`pipe team create ${team}\` printed (or a new one)`,
      );
    }
  },
  deliveryId: ({ payload }) => assistantDeliveryId(payload),
  enrich: async (delivery, io) => ({ storePrompts: await io.storesPrompts(delivery.team) }),
  normalize: (delivery, context) => normalizeAssistantDelivery({ ...delivery, storePrompts: context?.storePrompts ?? false }),
  // No prompt text unless the team opted in, no file contents, no tool output.
  keptBody: (delivery, context) => minimizeHookInput(delivery.rawBody, context?.storePrompts ?? false),
};
