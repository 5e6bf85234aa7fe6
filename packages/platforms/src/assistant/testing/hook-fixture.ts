import { readFileSync } from 'node:fs';

/** A fixture of Claude Code hook input, taken from Anthropic's hooks reference. */
export type HookFixtureName =
  | 'session-start'
  | 'session-end'
  | 'user-prompt-submit'
  | 'pre-tool-use'
  | 'post-tool-use'
  | 'post-tool-use-failure'
  | 'post-tool-use-git-commit'
  | 'stop'
  | 'notification';

/** A fresh copy of a documented hook input (its `source` names the doc section), which a test may modify. */
export function hookFixture<T = Record<string, any>>(name: HookFixtureName): T {
  const file = new URL(`../normalize/fixtures/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { payload: T }).payload;
}
