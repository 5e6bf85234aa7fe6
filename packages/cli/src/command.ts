import type { ParseArgsConfig } from 'node:util';
import type { CliConfig } from './config.js';

/** Where a command writes; the process's streams in `bin.ts`, buffers in tests. */
export interface CliOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** What a command receives. */
export interface CommandContext {
  config: CliConfig;
  /** Positional arguments after the command's words. */
  args: string[];
  /** Parsed options (see the command's `options`). */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  out: CliOutput;
  env: NodeJS.ProcessEnv;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
}

/**
 * One `pipe` command. Each lives in its own file under `commands/` and is listed once in
 * `commands/registry.ts`; `--help` is generated from these fields, so it cannot drift.
 */
export interface CliCommand {
  /** The words that select it: `['team', 'create']`. */
  words: string[];
  /** Arguments and options as shown in help: `<slug> [--name N] [--json]`. */
  usage: string;
  /** One line for the command list. */
  summary: string;
  options?: ParseArgsConfig['options'];
  run(context: CommandContext): Promise<number>;
}
