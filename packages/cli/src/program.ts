import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import type { CliCommand, CliOption, CliOutput, OptionValue } from './command.js';
import { COMMAND_GROUPS, COMMANDS } from './commands/registry.js';
import { CLI_VERSION } from './version.js';

/** What the parser chose: the command and its parsed arguments, not yet run. */
export interface ParsedCommandLine {
  command: CliCommand;
  args: string[];
  values: Record<string, OptionValue | undefined>;
}

const ENVIRONMENT = `Environment:
  NATS_URL          NATS to use (default: 127.0.0.1:4222, else \`pipe up\` starts nats-server)
  DATABASE_URL      Postgres to use (default: 127.0.0.1:5432/pipe, else \`pipe up\` starts one)
  PIPE_SECRET_KEY   key that encrypts webhook secrets (default: kept in .pipe/secret.key)
  PIPE_NAMESPACE    prefix for stream names and subjects (default: none)
  PIPE_HOME         where \`pipe up\` keeps its state (default: .pipe)
  PIPE_PUBLIC_URL   public base URL used in printed URLs (default: the local ports)`;

/** The exit codes every command uses (docs/cli.md lists them too). */
export const EXIT_CODES = `Exit codes:
  0  done
  1  the command ran and failed (an unknown team, a check that found a problem)
  2  usage mistake: an unknown command or option, a missing or invalid value
  3  a service Pipe needs is not reachable (Postgres or NATS); the message says which and where`;

/** The help width: the terminal's, but never so wide that lines become hard to read. */
const helpWidth = (stream: CliOutput['stdout']) => Math.min(stream.columns ?? 80, 100);

/**
 * The `pipe` command tree in commander, built from the registry's descriptors. Nothing runs: the
 * chosen command is handed to `onChosen`, so `runCli` runs it outside commander (its errors are
 * the command's, not the parser's) and tests can parse command lines without running them.
 */
export function buildProgram(out: CliOutput, onChosen: (parsed: ParsedCommandLine) => void): Command {
  const program = new Command('pipe')
    .description("Pipe's command line: run the stack, manage teams, keys and the log")
    .version(`pipe ${CLI_VERSION}`, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'explain a command, its arguments and options, with examples')
    .helpCommand('help [command...]', 'explain a command (`pipe help team create`)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => out.stdout.write(text),
      writeErr: (text) => out.stderr.write(text),
      getOutHelpWidth: () => helpWidth(out.stdout),
      getErrHelpWidth: () => helpWidth(out.stderr),
      outputError: (text, write) => write(`pipe: ${text.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError(true)
    // Command lists show names only: descriptions then have the room to wrap; each command's own help has its usage.
    .configureHelp({ subcommandTerm: (command) => command.name() })
    .addHelpText('after', `\n${ENVIRONMENT}\n\n${EXIT_CODES}\n`);

  const nodes = new Map<string, Command>([['', program]]);
  const nodeFor = (words: string[]): Command => {
    const key = words.join(' ');
    const existing = nodes.get(key);
    if (existing) return existing;
    const parent = nodeFor(words.slice(0, -1));
    const node = parent.command(words[words.length - 1] ?? '');
    nodes.set(key, node);
    return node;
  };

  for (const command of COMMANDS) {
    const node = nodeFor(command.words);
    node
      .description(command.summary)
      .usage(command.usage || '')
      .showHelpAfterError(usageHint(command));
    for (const argument of command.arguments ?? []) {
      const name = `${argument.name}${argument.variadic ? '...' : ''}`;
      node.addArgument(new Argument(argument.optional ? `[${name}]` : `<${name}>`, argument.description));
    }
    for (const [name, option] of Object.entries(command.options ?? {})) node.addOption(commanderOption(name, option));
    node.addHelpText(
      'after',
      `\nExamples:\n${command.examples.map((example) => `  $ ${example.command}\n      ${example.does}`).join('\n')}\n`,
    );
    node.action(() => {
      const parsed = node.opts();
      const values: ParsedCommandLine['values'] = {};
      for (const [name, option] of Object.entries(command.options ?? {})) {
        const attribute = node.options.find((o) => o.long === `--${name}`)?.attributeName() ?? name;
        values[name] = (parsed[attribute] as OptionValue | undefined) ?? option.default;
      }
      onChosen({ command, args: node.args, values });
    });
  }

  // A group (`pipe team`) explains itself: its description and its commands.
  for (const [key, node] of nodes) {
    if (key === '' || COMMANDS.some((c) => c.words.join(' ') === key)) continue;
    const described = COMMAND_GROUPS[key];
    const members = COMMANDS.filter((c) => c.words.join(' ').startsWith(`${key} `)).map((c) => c.words.at(-1));
    node.description(described ?? `commands: ${members.join(', ')}`).usage('<command> [options]');
  }
  return program;
}

/** What follows a usage mistake: the usage line and where the whole explanation is. */
export const usageHint = (command: CliCommand): string => {
  const name = `pipe ${command.words.join(' ')}`;
  return `\nusage: ${name} ${command.usage}\n(\`${name} --help\` explains its arguments and options, with examples)`;
};

/** A descriptor's option as commander's `Option`: flags, help text, default, validation. */
function commanderOption(name: string, option: CliOption): Option {
  const flags = `${option.short ? `-${option.short}, ` : ''}--${name}${option.type === 'string' ? ` <${option.value ?? 'value'}>` : ''}`;
  const made = new Option(flags, option.description);
  if (option.required) made.makeOptionMandatory();
  if (option.type === 'string' && typeof option.default === 'string') made.default(option.default);
  const parse = option.parse;
  if (option.type === 'string' && (parse || option.multiple)) {
    made.argParser((text: string, previous: unknown) => {
      let value: OptionValue;
      try {
        value = parse ? parse(text) : text;
      } catch (error) {
        throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
      }
      if (!option.multiple) return value;
      return [...(Array.isArray(previous) ? previous : []), value];
    });
  }
  return made;
}
