import { describe, expect, it } from 'vitest';
import { parseGitRemote, projectContext } from './project-context.js';

describe('the project of a session', () => {
  it('reads owner/repo from every common git remote form', () => {
    for (const remote of [
      'git@github.com:octo/demo.git',
      'https://github.com/octo/demo.git',
      'https://github.com/octo/demo',
      'ssh://git@github.com/octo/demo.git',
      'https://x-access-token:t@github.com/octo/demo.git',
    ]) {
      expect(parseGitRemote(remote)).toEqual({ host: 'github.com', path: 'octo/demo' });
    }
    expect(parseGitRemote('git@gitlab.example.com:group/sub/app.git')).toEqual({ host: 'gitlab.example.com', path: 'group/sub/app' });
    expect(parseGitRemote('not a remote')).toBeNull();
  });

  it('falls back to the directory name, links commits only for GitHub, and ignores a malformed HEAD', () => {
    expect(projectContext({}, '/home/mona/work/pipe/')).toMatchObject({
      project: 'pipe',
      githubRepo: null,
      actor: null,
      assistant: 'Claude Code',
    });
    expect(projectContext({ 'x-pipe-git-remote': 'git@gitlab.com:a/b.git' }, undefined)).toMatchObject({
      project: 'a/b',
      githubRepo: null,
    });
    expect(projectContext({ 'x-pipe-git-head': 'HEAD' }, '/x').head).toBeNull();
    expect(projectContext({ 'x-pipe-assistant': 'cursor' }, '/x').assistant).toBe('cursor');
  });
});
