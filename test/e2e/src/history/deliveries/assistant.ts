import { hookFixture } from '@pipe/platforms/testing';
import { type HistoryDelivery, redelivery } from './delivery.js';
import { COMMITS } from './github.js';

// The history's Claude Code deliveries: the hook input Claude Code documents (the assistant
// service's fixtures: SessionStart, PostToolUse for Write/Edit and a Bash `git commit`, Stop,
// SessionEnd) from two sessions in acme/checkout, with the session, paths, commands and output
// changed. The hook command adds the `X-Pipe-*` headers (git remote, user, and HEAD after a commit).

type Json = any;

type HookFixtureName = Parameters<typeof hookFixture>[0];
const hookInput = (name: HookFixtureName): Json => hookFixture(name);

export interface AssistantSession {
  id: string;
  cwd: string;
  user: string;
}

const headers = (session: AssistantSession, head?: string) => ({
  'x-pipe-git-remote': 'git@github.com:acme/checkout.git',
  'x-pipe-user': session.user,
  ...(head ? { 'x-pipe-git-head': head } : {}),
});

export function hook(
  session: AssistantSession,
  fixture: HookFixtureName,
  at: string,
  note: string,
  change: (input: Json) => void,
  head?: string,
): HistoryDelivery {
  const input = hookInput(fixture);
  input.session_id = session.id;
  input.transcript_path = `${session.cwd.replace(/\/checkout$/, '')}/.claude/projects/checkout/${session.id}.jsonl`;
  if ('cwd' in input) input.cwd = session.cwd;
  change(input);
  return {
    platform: 'assistant',
    at,
    note: `Claude Code ${note}`,
    deliveryId: `${session.id}:${note}`,
    payload: input,
    headers: headers(session, head),
  };
}

export function fileTool(session: AssistantSession, tool: 'Write' | 'Edit', path: string, toolUseId: string, at: string): HistoryDelivery {
  return hook(session, 'post-tool-use', at, `${tool} ${path}`, (input) => {
    input.tool_name = tool;
    const file = `${session.cwd}/${path}`;
    input.tool_input =
      tool === 'Write'
        ? { file_path: file, content: '// retry with the same Idempotency-Key\n' }
        : { file_path: file, old_string: 'timeout: 3000', new_string: 'timeout: 10000' };
    input.tool_response = { filePath: file, success: true };
    input.tool_use_id = toolUseId;
  });
}

export function commit(session: AssistantSession, sha: string, subject: string, toolUseId: string, at: string): HistoryDelivery {
  return hook(
    session,
    'post-tool-use-git-commit',
    at,
    `git commit ${sha.slice(0, 7)}`,
    (input) => {
      input.tool_input = { command: `git commit -m "${subject}"`, description: 'Commit the change' };
      input.tool_response = {
        ...input.tool_response,
        stdout: `[main ${sha.slice(0, 7)}] ${subject}\n 2 files changed, 14 insertions(+), 3 deletions(-)\n`,
      };
      input.tool_use_id = toolUseId;
    },
    sha,
  );
}

/** The Claude Code side of the story. */
export function assistantDeliveries(): HistoryDelivery[] {
  const priya = { id: 'a5e55101-0000-4000-8000-000000000001', cwd: '/home/priya/src/checkout', user: 'priya@acme.dev' };
  const dev = { id: 'a5e55102-0000-4000-8000-000000000002', cwd: '/home/dev/work/checkout', user: 'dev@acme.dev' };
  const write = fileTool(priya, 'Write', 'src/payments/retry.ts', 'toolu_01H1570RY0000000000001', '2026-11-10T16:40:00Z');

  return [
    hook(priya, 'session-start', '2026-11-10T16:35:00Z', 'session start (Priya)', () => {}),
    write,
    redelivery(write, '2026-11-10T16:40:10Z'),
    fileTool(priya, 'Edit', 'src/payments/client.ts', 'toolu_01H1570RY0000000000002', '2026-11-10T16:45:00Z'),
    commit(
      priya,
      COMMITS.idempotency,
      'Send Idempotency-Key on gateway retries (#9)',
      'toolu_01H1570RY0000000000003',
      '2026-11-10T17:09:00Z',
    ),
    hook(priya, 'stop', '2026-11-10T17:09:30Z', 'stop (Priya)', () => {}),

    hook(dev, 'session-start', '2026-11-16T12:20:00Z', 'session start (Dev)', () => {}),
    fileTool(dev, 'Edit', 'src/webhooks/ack.ts', 'toolu_01H1570RY0000000000004', '2026-11-16T12:40:00Z'),
    commit(dev, COMMITS.webhookAck, 'Acknowledge webhooks before processing', 'toolu_01H1570RY0000000000005', '2026-11-17T09:00:00Z'),
    hook(dev, 'session-end', '2026-11-17T09:01:00Z', 'session end (Dev)', () => {}),
  ];
}
