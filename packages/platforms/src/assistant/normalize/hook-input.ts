import { z } from 'zod';
import { IngestError } from '../../kit/index.js';

// The hook input Claude Code sends (https://code.claude.com/docs/en/hooks#hook-input-and-output):
// common fields plus each event's own. Objects are loose: Claude Code adds fields release by
// release, and an unknown field must never turn a delivery into a 400.

/** The fields every hook event carries. */
export const HookCommon = z.looseObject({
  session_id: z.string().min(1).max(200),
  hook_event_name: z.string().min(1).max(100),
  cwd: z.string().optional(),
  transcript_path: z.string().optional(),
  permission_mode: z.string().optional(),
  /** Present from the first prompt on in recent Claude Code releases. */
  prompt_id: z.string().optional(),
});
export type HookCommon = z.infer<typeof HookCommon>;

/** `SessionStart`: how the session started and the model. */
export const SessionStartInput = HookCommon.extend({ source: z.string().optional(), model: z.string().optional() });

/** `SessionEnd`: why it ended. */
export const SessionEndInput = HookCommon.extend({ reason: z.string().optional() });

/** `UserPromptSubmit`: the prompt text (absent from a `PIPE_RAW` record of a team without prompts). */
export const UserPromptSubmitInput = HookCommon.extend({ prompt: z.string().optional() });

/** `PreToolUse` / `PostToolUse` / `PostToolUseFailure`: the tool, its input and (after) its outcome. */
export const ToolUseInput = HookCommon.extend({
  tool_name: z.string().min(1),
  tool_input: z.record(z.string(), z.unknown()).default({}),
  tool_use_id: z.string().optional(),
  tool_response: z.unknown().optional(),
  error: z.string().optional(),
});
export type ToolUseInput = z.infer<typeof ToolUseInput>;

/** Parses a hook input, or throws naming the field that is missing or wrong. */
export function parseHookInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new IngestError('INVALID_PAYLOAD', `the hook input's field '${field}' ${issue?.message ?? 'is invalid'}`, { cause: parsed.error });
}
