import { describe, expect, it } from 'vitest';
import { assistantDeliveryId } from './delivery-id.js';
import { minimizeHookInput } from './minimize-hook-input.js';
import { hookFixture } from '../testing/hook-fixture.js';

describe('the assistant dedup key', () => {
  it('uses the tool use id for tool events, so Pre and Post of one call differ and a retry does not', () => {
    expect(assistantDeliveryId(hookFixture('pre-tool-use'))).toBe('abc123:PreToolUse:toolu_01ABC123...');
    expect(assistantDeliveryId(hookFixture('post-tool-use'))).toBe('abc123:PostToolUse:toolu_01ABC123...');
  });

  it('hashes the input otherwise: the same input twice shares it, another does not', () => {
    const start = hookFixture('session-start');
    expect(assistantDeliveryId(start)).toMatch(/^abc123:SessionStart:[0-9a-f]{32}$/);
    expect(assistantDeliveryId(hookFixture('session-start'))).toBe(assistantDeliveryId(start));
    expect(assistantDeliveryId({ ...start, source: 'resume' })).not.toBe(assistantDeliveryId(start));
  });
});

describe('the hook input PIPE_RAW keeps', () => {
  const raw = (input: unknown) => Buffer.from(JSON.stringify(input));
  const read = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));

  it('drops the prompt unless the team opted in', () => {
    const prompt = raw(hookFixture('user-prompt-submit'));
    const redacted = Buffer.from(minimizeHookInput(prompt, false)).toString('utf8');
    expect(redacted).not.toContain('factorial');
    expect(JSON.parse(redacted)).toMatchObject({ hook_event_name: 'UserPromptSubmit', session_id: 'abc123', prompt_redacted: true });
    expect(minimizeHookInput(prompt, true)).toBe(prompt);
  });

  it('drops file contents and tool responses, keeping paths, commands and the commit line', () => {
    const write = read(minimizeHookInput(raw(hookFixture('post-tool-use')), false));
    expect(write.tool_input).toEqual({ file_path: '/path/to/file.txt' });
    expect(write).not.toHaveProperty('tool_response');
    const commit = read(minimizeHookInput(raw(hookFixture('post-tool-use-git-commit')), false));
    expect(commit.tool_input.command).toBe('git commit -m "Fix the cache directory crash"');
    expect(commit.tool_response).toEqual({ stdout: '[main 6113728] Fix the cache directory crash' });
  });

  it('leaves bodies with nothing to drop byte for byte', () => {
    const start = raw(hookFixture('session-start'));
    expect(minimizeHookInput(start, false)).toBe(start);
    const notJson = Buffer.from('{oops');
    expect(minimizeHookInput(notJson, false)).toBe(notJson);
  });
});
