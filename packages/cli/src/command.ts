import type { CliConfig } from './config.js';

/** Where a command writes; the process's streams in `bin.ts`, buffers in tests. */
export interface CliOutput {
  stdout: { write(text: string): unknown; columns?: number; isTTY?: boolean; hasColors?: () => boolean };
  stderr: { write(text: string): unknown; columns?: number; isTTY?: boolean };
}

/** A parsed option value: the text given, or what the option's `parse` made of it. */
export type OptionValue = string | boolean | number | Date | string[];

/** What a command receives. */
export interface CommandContext {
  config: CliConfig;
  /** Positional arguments after the command's words. */
  args: string[];
  /** Parsed options (see the command's `options`), by their long name (`'dry-run'`). */
  values: Record<string, OptionValue | undefined>;
  out: CliOutput;
  env: NodeJS.ProcessEnv;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
}

/** One option of a command: `--name` in help, `values[name]` in `run`. */
export interface CliOption {
  type: 'string' | 'boolean';
  /** One line for `--help`: what it does. */
  description: string;
  /** The value's name in help (`--wait <ms>`); string options only, default `value`. */
  value?: string;
  /** A one-letter alias (`-j`). */
  short?: string;
  /** The value when the option is not given. */
  default?: string | boolean;
  /** The option must be given (`--team` of `pipe keys list`). */
  required?: boolean;
  /** The option may be given more than once; `values[name]` is then a list. */
  multiple?: boolean;
  /**
   * Checks and converts a string option's value before `run` (see `option-values.ts`); throws
   * an `Error` whose message says what a valid value looks like. Without it, the text is passed on.
   */
  parse?: (text: string) => OptionValue;
}

/** One positional argument, in order. */
export interface CliArgument {
  name: string;
  /** One line for `--help`. */
  description: string;
  /** May be left out (shown `[name]`). */
  optional?: boolean;
  /** Takes every remaining argument (shown `<name...>`); only the last one. */
  variadic?: boolean;
}

/** A command line shown under "Examples" in `--help`, and checked by a test to parse. */
export interface CliExample {
  command: string;
  /** What it does, in a few words. */
  does: string;
}

/**
 * One `pipe` command. Each lives in its own file under `commands/` and is listed once in
 * `commands/registry.ts`; the parser (commander, in `program.ts`) and `--help` are built from
 * these fields, so help cannot drift from what is parsed.
 */
export interface CliCommand {
  /** The words that select it: `['team', 'create']`. */
  words: string[];
  /** Arguments and options as shown in the command list: `<slug> [--name N] [--json]`. */
  usage: string;
  /** One line for the command list. */
  summary: string;
  arguments?: CliArgument[];
  options?: Record<string, CliOption>;
  /** At least one; every one must parse (a test runs them through the parser). */
  examples: CliExample[];
  run(context: CommandContext): Promise<number>;
}
