import { PipeEvent, containerRef } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { KEY_ONLY_CONTAINER_VERSION } from '../../kit/container.js';
import { itemRef } from '../../item-refs.js';
import type { AssistantDelivery } from './assistant-delivery.js';
import { normalizeAssistantDelivery } from './normalize-assistant-delivery.js';
import { hookFixture } from '../testing/hook-fixture.js';

const GIT_HEADERS = { 'x-pipe-git-remote': 'git@github.com:octo/demo.git' };

function observed(payload: unknown, headers: Record<string, string>) {
  const delivery: AssistantDelivery = {
    team: 'acme',
    deliveryId: 'h-1',
    receivedAt: '2026-11-21T10:00:00.000Z',
    headers,
    payload,
    storePrompts: true,
  };
  const result = normalizeAssistantDelivery(delivery);
  if (result.outcome !== 'events') throw new Error(`expected events, got a skip: ${result.reason}`);
  return result.events.map((event) => PipeEvent.parse(event)).flatMap((event) => (event.type === 'item.observed' ? [event.data.item] : []));
}

function fileWrite() {
  const input = hookFixture('post-tool-use');
  input.cwd = '/home/user/my-project';
  input.tool_input.file_path = '/home/user/my-project/src/cache.ts';
  return input;
}

describe('where a Claude Code session works (issue 15, defect 5)', () => {
  it.each([
    ['session-start', () => hookFixture('session-start')],
    ['a file write', fileWrite],
    ['a prompt', () => hookFixture('user-prompt-submit')],
  ] as const)('puts %s in the GitHub repository its git remote names, observed thinly', (_, payload) => {
    const [own, repository] = observed(payload(), GIT_HEADERS);
    expect(own).toMatchObject({ container: 'octo/demo', containerPlatform: 'github' });
    expect(repository).toMatchObject({
      id: 'github:repository:octo/demo',
      platform: 'github',
      kind: 'repository',
      title: 'octo/demo',
      url: 'https://github.com/octo/demo',
      version: KEY_ONLY_CONTAINER_VERSION,
    });
    // The PART_OF the projector derives (containerRef of the container's platform) lands on it.
    expect(itemRef(repository?.id as string)).toBe(containerRef(own?.containerPlatform as string, own?.container as string));
  });

  it('puts a session without a GitHub remote in its project, observed as an assistant project', () => {
    const [own, project] = observed(fileWrite(), { 'x-pipe-git-remote': 'https://gitlab.com/octo/demo.git' });
    expect(own).toMatchObject({ container: 'octo/demo' });
    expect(own?.containerPlatform).toBeUndefined();
    expect(project).toMatchObject({
      id: 'assistant:project:octo/demo',
      platform: 'assistant',
      kind: 'project',
      title: 'octo/demo',
      url: null,
    });
    expect(itemRef(project?.id as string)).toBe(containerRef('assistant', own?.container as string));
  });
});
