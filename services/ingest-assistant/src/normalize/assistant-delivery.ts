import type { PipeEvent } from '@pipe/events';

/** One authenticated assistant hook delivery, as the HTTP layer hands it to the normaliser. */
export interface AssistantDelivery {
  /** The tenant slug (already checked against the API key's team). */
  team: string;
  /** The dedup key derived from the hook input (see `assistantDeliveryId`). */
  deliveryId: string;
  /** When Pipe received it (ISO 8601); hook inputs carry no time of their own. */
  receivedAt: string;
  /**
   * The optional context headers the hook command adds (lowercase names): `x-pipe-assistant`,
   * `x-pipe-user`, `x-pipe-git-remote`, `x-pipe-git-head`.
   */
  headers: Readonly<Record<string, string>>;
  /** The parsed hook input. */
  payload: unknown;
  /** Whether the team opted in to keeping prompt text (`pipe team set <team> assistant.prompts on`). */
  storePrompts: boolean;
}

/** A delivery deliberately not turned into events, and why (recorded as `delivery.skipped`). */
export interface SkippedAssistantDelivery {
  outcome: 'skipped';
  /** The hook event (`Notification`, `PreCompact`…). */
  event: string;
  action: string | null;
  reason: string;
}

/** What the normaliser made of a delivery: events to publish, in order, or a skip. */
export type AssistantNormalizeResult = { outcome: 'events'; events: PipeEvent[] } | SkippedAssistantDelivery;

/** A hook input that lacks a field Pipe needs; the message names it (answered 400). */
export class AssistantPayloadError extends Error {
  override readonly name = 'AssistantPayloadError';
  readonly code = 'ASSISTANT_PAYLOAD_INVALID';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
