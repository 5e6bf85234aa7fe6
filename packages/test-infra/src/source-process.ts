import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root, where tsx is installed. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs a TypeScript entry point (a service's `main.ts`) from source in a node process of its own,
 * with tsx as its loader and the `@pipe/source` condition; a relative `mainPath` is taken from
 * the repository's root. tsx is the loader, not its CLI: the CLI would be a parent process that
 * relays signals, and under load its relay can lose the race with a SIGTERM a test sends.
 * `nodeArgs` come first (e.g. `--cpu-prof`).
 */
export function spawnFromSource(mainPath: string, options: SpawnOptions & { nodeArgs?: readonly string[] } = {}): ChildProcess {
  const { nodeArgs = [], ...spawnOptions } = options;
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', '--conditions=@pipe/source', mainPath], {
    cwd: REPO_ROOT,
    ...spawnOptions,
  });
}
