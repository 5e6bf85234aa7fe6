import { githubCommitId } from '../../github/ids.js';
import type { NormalizeResult } from '../../kit/index.js';
import type { AssistantDelivery } from './assistant-delivery.js';
import { fileItemId, sessionItemId } from '../ids.js';
import { EventBuilder } from './event-builder.js';
import { ToolUseInput, parseHookInput } from './hook-input.js';
import { projectContainer, projectContext, relativePath } from './project-context.js';
import { commitMade, describeToolUse, pathWords, touchedFile } from './tool-facts.js';

const PHASES = {
  PreToolUse: { verb: 'tool_requested', said: 'is about to use' },
  PostToolUse: { verb: 'tool_succeeded', said: 'used' },
  PostToolUseFailure: { verb: 'tool_failed', said: 'failed to use' },
} as const;

/** The hook events about tool uses. */
export type ToolUsePhase = keyof typeof PHASES;

/**
 * A tool use (`PreToolUse`, `PostToolUse`, `PostToolUseFailure`): an activity on the session with
 * the tool and its outcome. A successful use of a file tool also observes the file and links the
 * session to it (TOUCHES); a successful `git commit` links the session to the commit (PRODUCED)
 * when the commit's full sha and GitHub repository are known (the hook command's `X-Pipe-Git-Head`
 * and `X-Pipe-Git-Remote`), and is otherwise recorded as a `committed` activity with the short sha.
 */
export function normalizeToolUse(delivery: AssistantDelivery, phase: ToolUsePhase): NormalizeResult {
  const input = parseHookInput(ToolUseInput, delivery.payload);
  const context = projectContext(delivery.headers, input.cwd);
  const builder = new EventBuilder(delivery).identity(context);
  const session = sessionItemId(input.session_id);
  const relative = (path: string) => relativePath(path, input.cwd);
  const { verb, said } = PHASES[phase];
  const error = phase === 'PostToolUseFailure' && input.error ? `: ${input.error.slice(0, 200)}` : '';
  builder.activity({
    itemId: session,
    verb,
    actor: context.actor,
    summary: `${context.assistant} ${said} ${describeToolUse(input, relative)}${error}`,
  });
  if (phase !== 'PostToolUse') return builder.result();

  const file = touchedFile(input);
  if (file) {
    const path = relative(file.path);
    const id = fileItemId(context.project, path);
    builder
      .item({
        id,
        platform: 'assistant',
        kind: 'file',
        title: path,
        // Full-text search reads `src/cache-dir.ts` as one token; the words of the path make it findable by `cache`.
        body: `${path} in ${context.project}: ${pathWords(path)}`,
        url: null,
        state: null,
        ...projectContainer(context),
        parentId: null,
        author: null,
        createdAt: null,
        updatedAt: delivery.receivedAt,
        version: builder.version,
      })
      .container(context)
      .link(session, id, 'TOUCHES');
  }

  const commit = commitMade(input);
  if (commit) {
    const sha = context.head?.startsWith(commit.shortSha) ? context.head : null;
    const summary = `${context.assistant} committed ${commit.shortSha} to ${commit.branch} in ${context.project}: ${commit.subject}`;
    if (sha && context.githubRepo) {
      const id = githubCommitId(context.githubRepo, sha);
      builder.link(session, id, 'PRODUCED').activity({ itemId: id, verb: 'committed', actor: context.actor, summary });
    } else {
      builder.activity({ itemId: session, verb: 'committed', actor: context.actor, summary });
    }
  }
  return builder.result();
}
