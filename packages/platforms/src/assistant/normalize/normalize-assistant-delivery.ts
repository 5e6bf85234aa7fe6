import { IngestError, type NormalizeResult } from '../../kit/index.js';
import type { AssistantDelivery } from './assistant-delivery.js';
import { sessionItemId } from '../ids.js';
import { EventBuilder } from './event-builder.js';
import { HookCommon, parseHookInput } from './hook-input.js';
import { normalizePromptSubmit } from './prompt-events.js';
import { projectContext } from './project-context.js';
import { normalizeSessionEnd, normalizeSessionStart } from './session-events.js';
import { normalizeToolUse } from './tool-use-events.js';

/**
 * Turns an assistant hook delivery (Claude Code's hook input, or another assistant posting the
 * same shape) into canonical events. Hook events Pipe does not use are recorded as skipped.
 * Pure given the delivery (including `storePrompts`), so `PIPE_RAW` can be re-normalised.
 * Throws `IngestError('INVALID_PAYLOAD')` naming the field when a handled event lacks one.
 */
export function normalizeAssistantDelivery(delivery: AssistantDelivery): NormalizeResult {
  if (typeof delivery.payload !== 'object' || delivery.payload === null || Array.isArray(delivery.payload)) {
    throw new IngestError('INVALID_PAYLOAD', 'the body must be the hook input JSON object Claude Code writes to the hook command');
  }
  const common = parseHookInput(HookCommon, delivery.payload);
  switch (common.hook_event_name) {
    case 'SessionStart':
      return normalizeSessionStart(delivery);
    case 'SessionEnd':
      return normalizeSessionEnd(delivery);
    case 'UserPromptSubmit':
      return normalizePromptSubmit(delivery);
    case 'PreToolUse':
    case 'PostToolUse':
    case 'PostToolUseFailure':
      return normalizeToolUse(delivery, common.hook_event_name);
    case 'Stop': {
      const context = projectContext(delivery.headers, common.cwd);
      return new EventBuilder(delivery)
        .identity(context)
        .activity({
          itemId: sessionItemId(common.session_id),
          verb: 'responded',
          actor: context.actor,
          summary: `${context.assistant} finished responding in ${context.project}`,
        })
        .result();
    }
    default:
      return {
        outcome: 'skipped',
        event: common.hook_event_name,
        action: null,
        reason: `assistant hook '${common.hook_event_name}' is not normalised yet`,
      };
  }
}
