import { PipeEvent, type PipeEventType } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../kit/index.js';
import type { AssistantDelivery } from './assistant-delivery.js';
import { normalizeAssistantDelivery } from './normalize-assistant-delivery.js';
import { hookFixture } from '../testing/hook-fixture.js';

const RECEIVED_AT = '2026-11-21T10:00:00.000Z';
const SESSION = 'assistant:session:abc123';
const GIT_HEADERS = { 'x-pipe-git-remote': 'git@github.com:octo/demo.git', 'x-pipe-user': 'mona@example.com' };

function delivery(payload: unknown, overrides: Partial<AssistantDelivery> = {}): AssistantDelivery {
  return { team: 'acme', deliveryId: 'h-1', receivedAt: RECEIVED_AT, headers: {}, payload, storePrompts: false, ...overrides };
}

function events(input: AssistantDelivery): PipeEvent[] {
  const result = normalizeAssistantDelivery(input);
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event));
}

const ofType = <T extends PipeEventType>(all: PipeEvent[], type: T) =>
  all.filter((event): event is Extract<PipeEvent, { type: T }> => event.type === type);

describe('Claude Code sessions', () => {
  it('observes a started session, in the project the git remote names', () => {
    const all = events(delivery(hookFixture('session-start'), { headers: GIT_HEADERS }));
    expect(all.map((event) => event.type)).toEqual(['identity.observed', 'item.observed', 'item.observed', 'activity.observed']);
    expect(ofType(all, 'identity.observed')[0]?.data).toEqual({
      identity: { platform: 'assistant', externalId: 'mona@example.com', handle: 'mona@example.com' },
      name: null,
      email: 'mona@example.com',
      url: null,
    });
    expect(ofType(all, 'item.observed')[0]?.data.item).toEqual({
      id: SESSION,
      platform: 'assistant',
      kind: 'session',
      title: 'Claude Code session abc123 in octo/demo',
      titleComposed: true,
      body: 'Claude Code session started (startup) in /Users/.... Model: claude-sonnet-4-6.',
      url: null,
      state: 'active',
      container: 'octo/demo',
      containerPlatform: 'github',
      parentId: null,
      author: { platform: 'assistant', externalId: 'mona@example.com', handle: 'mona@example.com' },
      createdAt: RECEIVED_AT,
      updatedAt: RECEIVED_AT,
      version: Date.parse(RECEIVED_AT),
    });
    expect(ofType(all, 'activity.observed')[0]?.data).toMatchObject({ activityId: 'assistant:h-1:0', itemId: SESSION, verb: 'started' });
  });

  it('ends the session with a newer snapshot', () => {
    const later = '2026-11-21T11:00:00.000Z';
    const all = events(delivery(hookFixture('session-end'), { receivedAt: later }));
    expect(ofType(all, 'item.observed')[0]?.data.item).toMatchObject({
      id: SESSION,
      state: 'ended',
      version: Date.parse(later),
      container: '...',
    });
    expect(ofType(all, 'activity.observed')[0]?.data).toMatchObject({ verb: 'ended', summary: expect.stringContaining('(other)') });
  });
});

describe('Claude Code prompts', () => {
  it('keeps no prompt text unless the team opted in', () => {
    const all = events(delivery(hookFixture('user-prompt-submit')));
    expect(all.map((event) => event.type)).toEqual(['activity.observed']);
    expect(JSON.stringify(all)).not.toContain('factorial');
  });

  it('makes an opted-in prompt a searchable item, part of its session', () => {
    const all = events(delivery(hookFixture('user-prompt-submit'), { storePrompts: true }));
    const prompt = ofType(all, 'item.observed')[0]?.data.item;
    expect(prompt).toMatchObject({ kind: 'prompt', parentId: SESSION, body: 'Write a function to calculate the factorial of a number' });
    expect(prompt?.id).toMatch(/^assistant:prompt:abc123\/[0-9a-f]{16}$/);
    expect(ofType(all, 'link.observed')[0]?.data).toEqual({ from: prompt?.id, to: SESSION, edge: 'PART_OF', removed: false });
  });
});

describe('Claude Code tool uses', () => {
  it('records a requested tool use without the whole command line', () => {
    const all = events(delivery(hookFixture('pre-tool-use')));
    expect(all.map((event) => event.type)).toEqual(['activity.observed']);
    expect(all[0]?.data).toMatchObject({ itemId: SESSION, verb: 'tool_requested', summary: 'Claude Code is about to use Bash (npm test)' });
  });

  it('links the session to the file a successful Write touched', () => {
    const input = hookFixture('post-tool-use');
    input.cwd = '/home/user/my-project';
    input.tool_input.file_path = '/home/user/my-project/src/cache.ts';
    const all = events(delivery(input, { headers: GIT_HEADERS }));
    expect(all.map((event) => event.type)).toEqual([
      'identity.observed',
      'activity.observed',
      'item.observed',
      'item.observed',
      'link.observed',
    ]);
    expect(ofType(all, 'item.observed')[0]?.data.item).toMatchObject({
      id: 'assistant:file:octo/demo/src/cache.ts',
      kind: 'file',
      title: 'src/cache.ts',
      body: 'src/cache.ts in octo/demo: src cache ts',
      container: 'octo/demo',
    });
    expect(ofType(all, 'link.observed')[0]?.data).toEqual({
      from: SESSION,
      to: 'assistant:file:octo/demo/src/cache.ts',
      edge: 'TOUCHES',
      removed: false,
    });
    expect(ofType(all, 'activity.observed')[0]?.data).toMatchObject({
      verb: 'tool_succeeded',
      summary: 'Claude Code used Write src/cache.ts',
    });
  });

  it('keeps a file outside the project by its absolute path', () => {
    const all = events(delivery(hookFixture('post-tool-use')));
    expect(ofType(all, 'link.observed')[0]?.data.to).toBe('assistant:file:/path/to/file.txt');
  });

  it('records a failed tool use with its error and no file link', () => {
    const all = events(delivery(hookFixture('post-tool-use-failure')));
    expect(all.map((event) => event.type)).toEqual(['activity.observed']);
    expect(all[0]?.data).toMatchObject({
      verb: 'tool_failed',
      summary: 'Claude Code failed to use Bash (npm test): Command exited with non-zero status code 1',
    });
  });
});

describe('commits made by Claude Code', () => {
  const SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';

  it('links the session to the GitHub commit when the hook reported HEAD and a GitHub remote', () => {
    const all = events(delivery(hookFixture('post-tool-use-git-commit'), { headers: { ...GIT_HEADERS, 'x-pipe-git-head': SHA } }));
    expect(ofType(all, 'link.observed').map((event) => event.data)).toEqual([
      { from: SESSION, to: `github:commit:octo/demo@${SHA}`, edge: 'PRODUCED', removed: false },
    ]);
    expect(ofType(all, 'activity.observed')[1]?.data).toMatchObject({
      itemId: `github:commit:octo/demo@${SHA}`,
      verb: 'committed',
      summary: 'Claude Code committed 6113728 to main in octo/demo: Fix the cache directory crash',
    });
  });

  it('falls back to a committed activity on the session when the full sha is not known', () => {
    const staleHead = 'f'.repeat(40);
    for (const headers of [GIT_HEADERS, { ...GIT_HEADERS, 'x-pipe-git-head': staleHead }]) {
      const all = events(delivery(hookFixture('post-tool-use-git-commit'), { headers }));
      expect(ofType(all, 'link.observed')).toEqual([]);
      expect(ofType(all, 'activity.observed')[1]?.data).toMatchObject({
        itemId: SESSION,
        verb: 'committed',
        summary: expect.stringContaining('6113728'),
      });
    }
  });

  it('sees no commit in a failed commit or another command', () => {
    const nothing = hookFixture('post-tool-use-git-commit');
    nothing.tool_response.stdout = 'On branch main\nnothing to commit, working tree clean\n';
    expect(ofType(events(delivery(nothing)), 'activity.observed').map((event) => event.data.verb)).toEqual(['tool_succeeded']);
    const log = hookFixture('post-tool-use-git-commit');
    log.tool_input.command = 'git log -1';
    expect(ofType(events(delivery(log)), 'activity.observed').map((event) => event.data.verb)).toEqual(['tool_succeeded']);
  });
});

describe('other hook events', () => {
  it('records a Stop on the session and skips events it does not use', () => {
    expect(events(delivery(hookFixture('stop')))[0]?.data).toMatchObject({ itemId: SESSION, verb: 'responded' });
    expect(normalizeAssistantDelivery(delivery(hookFixture('notification')))).toEqual({
      outcome: 'skipped',
      event: 'Notification',
      action: null,
      reason: "assistant hook 'Notification' is not normalised yet",
    });
  });

  it('names the missing field of an input it cannot read', () => {
    const { session_id: _s, ...without } = hookFixture('session-start');
    expect(() => normalizeAssistantDelivery(delivery(without))).toThrow(IngestError);
    expect(() => normalizeAssistantDelivery(delivery(without))).toThrow(/session_id/);
    expect(() => normalizeAssistantDelivery(delivery([1, 2]))).toThrow(/hook input JSON object/);
  });
});
