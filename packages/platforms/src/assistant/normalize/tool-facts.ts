import type { ToolUseInput } from './hook-input.js';

/** A file a tool read or changed. */
export interface TouchedFile {
  path: string;
  /** `read` or `changed`, for the summary. */
  how: 'read' | 'changed';
}

// Claude Code's file tools and the input field naming their file
// (https://code.claude.com/docs/en/hooks#pretooluse-input, tools reference).
const FILE_TOOLS: Record<string, { field: string; how: TouchedFile['how'] }> = {
  Read: { field: 'file_path', how: 'read' },
  Write: { field: 'file_path', how: 'changed' },
  Edit: { field: 'file_path', how: 'changed' },
  MultiEdit: { field: 'file_path', how: 'changed' },
  NotebookEdit: { field: 'notebook_path', how: 'changed' },
};

/** The file a tool use touched, when it is a file tool. */
export function touchedFile(tool: ToolUseInput): TouchedFile | null {
  const spec = FILE_TOOLS[tool.tool_name];
  const path = spec ? tool.tool_input[spec.field] : undefined;
  return spec && typeof path === 'string' && path !== '' ? { path, how: spec.how } : null;
}

/** A commit a Bash tool use made, as `git commit` reported it. */
export interface CommitFact {
  branch: string;
  /** The abbreviated sha git printed. */
  shortSha: string;
  subject: string;
}

// `git commit` (also `git -C dir commit`, `git commit -am …`) anywhere in a command line.
const GIT_COMMIT = /(?:^|[\s;&|(])git(?:\s+-[cC]\s+\S+|\s+--?[\w-]+(?:=\S+)?)*\s+commit\b/;
/** git's summary line: `[main 1a2b3c4] Subject` or `[main (root-commit) 1a2b3c4] Subject`. */
export const COMMIT_LINE = /^\[([^\]\s]+)(?: \([^)]*\))? ([0-9a-f]{7,40})\] (.*)$/m;

/**
 * The commit a successful Bash tool use made: the command runs `git commit` and its output has
 * git's `[branch sha] subject` line. Null for anything else (including a commit that failed).
 */
export function commitMade(tool: ToolUseInput): CommitFact | null {
  const command = tool.tool_input.command;
  if (tool.tool_name !== 'Bash' || typeof command !== 'string' || !GIT_COMMIT.test(command)) return null;
  const response = tool.tool_response;
  const stdout = typeof response === 'string' ? response : (response as { stdout?: unknown } | undefined)?.stdout;
  if (typeof stdout !== 'string') return null;
  const line = COMMIT_LINE.exec(stdout);
  return line?.[1] && line[2] ? { branch: line[1], shortSha: line[2], subject: line[3] ?? '' } : null;
}

/**
 * A short, safe description of a tool use for the timeline: the tool and its file, or a Bash
 * command's first two words (not the whole command line, which can hold secrets).
 */
export function describeToolUse(tool: ToolUseInput, relative: (path: string) => string): string {
  const file = touchedFile(tool);
  if (file) return `${tool.tool_name} ${relative(file.path)}`;
  const command = tool.tool_input.command;
  if (tool.tool_name === 'Bash' && typeof command === 'string') {
    return `Bash (${command.trim().split(/\s+/).slice(0, 2).join(' ')})`;
  }
  return tool.tool_name;
}

/** The words of a path (`src/cache-dir.ts` → `src cache dir ts`), for full-text search. */
export function pathWords(path: string): string {
  return path
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}
