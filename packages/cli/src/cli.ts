import { CommanderError } from 'commander';
import { type CliOutput, UsageError } from './command.js';
import { loadCliConfig } from './config.js';
import { explainUnreachable } from './infrastructure-error.js';
import { type ParsedCommandLine, buildProgram, usageHint } from './program.js';

/**
 * Parses a command line without running it: the command and its validated arguments, or the exit
 * code of what the parser did instead (help or the version printed: 0; a usage mistake: 2,
 * explained on stderr).
 */
export async function parseCommandLine(argv: string[], out: CliOutput): Promise<ParsedCommandLine | number> {
  let chosen: ParsedCommandLine | undefined;
  const program = buildProgram(out, (parsed) => {
    chosen = parsed;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 ? 0 : 2;
  }
  return chosen ?? 2;
}

/** Runs one `pipe` command and returns its exit code (see `EXIT_CODES`). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out: CliOutput = process): Promise<number> {
  const parsed = await parseCommandLine(argv, out);
  if (typeof parsed === 'number') return parsed;
  const { command, args, values } = parsed;
  const config = loadCliConfig(env);
  try {
    return await command.run({ config, args, values, out, env });
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr.write(`pipe: ${command.words.join(' ')}: ${error.message}\n${usageHint(command)}\n`);
      return 2;
    }
    const unreachable = explainUnreachable(error, config);
    if (unreachable) {
      out.stderr.write(`pipe: ${unreachable.message}\n`);
      return unreachable.exitCode;
    }
    throw error;
  }
}

/** The top-level help, as `pipe --help` prints it. */
export async function helpText(): Promise<string> {
  let text = '';
  await parseCommandLine(['--help'], { stdout: { write: (t: string) => (text += t) }, stderr: { write: () => undefined } });
  return text;
}
