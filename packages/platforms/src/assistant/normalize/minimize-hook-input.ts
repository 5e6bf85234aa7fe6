import { COMMIT_LINE } from './tool-facts.js';

// Fields of a tool's input that hold file contents (Write, Edit, MultiEdit, NotebookEdit).
const CONTENT_FIELDS = ['content', 'old_string', 'new_string', 'edits', 'new_source'];

/**
 * The hook input as `PIPE_RAW` keeps it: only what the normaliser reads, so storage holds no
 * more of a developer's work than Pipe uses.
 * - `prompt` is dropped unless the team opted in to prompts (`prompt_redacted: true` says so);
 * - file contents in `tool_input` are dropped (paths and commands stay);
 * - `tool_response` is dropped (it can hold a whole file a tool read), except a Bash command's
 *   `git commit` summary line, which is how commits are recognised.
 * A body that is not a JSON object is returned unchanged (the normaliser rejects it anyway).
 */
export function minimizeHookInput(rawBody: Uint8Array, keepPrompt: boolean): Uint8Array {
  let input: unknown;
  try {
    input = JSON.parse(Buffer.from(rawBody).toString('utf8'));
  } catch {
    return rawBody;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return rawBody;
  const kept: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  let changed = false;
  if (!keepPrompt && 'prompt' in kept) {
    delete kept.prompt;
    kept.prompt_redacted = true;
    changed = true;
  }
  const toolInput = kept.tool_input;
  if (typeof toolInput === 'object' && toolInput !== null && CONTENT_FIELDS.some((field) => field in toolInput)) {
    kept.tool_input = Object.fromEntries(Object.entries(toolInput).filter(([field]) => !CONTENT_FIELDS.includes(field)));
    changed = true;
  }
  if ('tool_response' in kept) {
    const stdout = (kept.tool_response as { stdout?: unknown } | null)?.stdout;
    const commitLine = typeof stdout === 'string' ? COMMIT_LINE.exec(stdout)?.[0] : undefined;
    if (commitLine) kept.tool_response = { stdout: commitLine };
    else delete kept.tool_response;
    kept.tool_response_redacted = true;
    changed = true;
  }
  return changed ? Buffer.from(JSON.stringify(kept)) : rawBody;
}
