import { describe, expect, it } from 'vitest';
import { parseCommandLine, runCli } from './cli.js';
import { COMMAND_GROUPS, COMMANDS } from './commands/registry.js';
import { captureOutput as capture } from './testing/capture-output.js';
import { CLI_VERSION } from './version.js';

/** A shell-like split of an example's `pipe` command (before any `|`): words, with '…' quoting. */
const words = (line: string) => [...(line.split(' | ')[0] ?? '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');

describe('the pipe command line', () => {
  it('answers --version', async () => {
    const { out, io } = capture();
    expect(await runCli(['--version'], {}, io)).toBe(0);
    expect(out.stdout).toBe(`pipe ${CLI_VERSION}\n`);
  });

  it('describes every argument and option and gives examples that parse to their command', async () => {
    for (const command of COMMANDS) {
      const name = command.words.join(' ');
      expect(command.examples.length, name).toBeGreaterThan(0);
      for (const [option, described] of Object.entries(command.options ?? {}))
        expect(described.description, `${name} --${option}`).not.toBe('');
      for (const example of command.examples) {
        const { out, io } = capture();
        const parsed = await parseCommandLine(words(example.command).slice(1), io);
        expect(typeof parsed === 'number' ? `exit ${parsed}: ${out.stderr}` : parsed.command.words.join(' '), example.command).toBe(name);
      }
    }
  });

  it('explains every command and group in --help, within 100 columns', async () => {
    const groups = new Set(COMMANDS.filter((c) => c.words.length > 1).map((c) => c.words[0] ?? ''));
    for (const group of groups) expect(COMMAND_GROUPS[group], group).toBeDefined();
    for (const argv of [[], ...COMMANDS.map((c) => c.words), ...[...groups].map((g) => [g])]) {
      const { out, io } = capture();
      expect(await runCli([...argv, '--help'], {}, io), argv.join(' ')).toBe(0);
      for (const line of out.stdout.split('\n')) expect(line.length, `pipe ${argv.join(' ')} --help: ${line}`).toBeLessThanOrEqual(100);
      const command = COMMANDS.find((c) => c.words.join(' ') === argv.join(' '));
      for (const option of Object.keys(command?.options ?? {})) expect(out.stdout).toContain(`--${option}`);
      for (const argument of command?.arguments ?? []) expect(out.stdout).toContain(argument.description.slice(0, 30));
      if (command) expect(out.stdout).toContain(`$ ${command.examples[0]?.command}`);
    }
  });

  it('lists a group’s commands when only the group is given, and suggests the command a typo meant', async () => {
    const group = capture();
    expect(await runCli(['team'], {}, group.io)).toBe(2);
    expect(group.out.stderr).toMatch(/Usage: pipe team <command>[\s\S]*create[\s\S]*set-secret/);
    const typo = capture();
    expect(await runCli(['team', 'creat', 'foo'], {}, typo.io)).toBe(2);
    expect(typo.out.stderr).toBe("pipe: unknown command 'creat'\n(Did you mean create?)\n");
    const option = capture();
    expect(await runCli(['status', '--jsno'], {}, option.io)).toBe(2);
    expect(option.out.stderr).toContain('(Did you mean --json?)');
  });

  it('refuses an invalid option value instead of falling back to a default', async () => {
    const { out, io } = capture();
    expect(await runCli(['status', '--wait', 'abc'], {}, io)).toBe(2);
    expect(out.stderr).toContain("option '--wait <ms>' argument 'abc' is invalid. it must be a positive whole number");
    const time = capture();
    expect(await runCli(['replay', '--to-time', 'yesterday'], {}, time.io)).toBe(2);
    expect(time.out.stderr).toContain('it must be an ISO time such as 2026-11-21T12:00:00Z');
  });

  it('says which service is unreachable, where, and what to do (exit 3)', async () => {
    const postgres = capture();
    const pgEnv = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/pipe' };
    expect(await runCli(['keys', 'list', '--team', 'acme'], pgEnv, postgres.io)).toBe(3);
    expect(postgres.out.stderr).toBe(
      'pipe: Postgres is not reachable at 127.0.0.1:1 (ECONNREFUSED): start the stack with `pipe up` (it finds or starts Postgres), or set DATABASE_URL to a running server\n',
    );
    const nats = capture();
    expect(await runCli(['dlq', 'list'], { NATS_URL: 'nats://127.0.0.1:1' }, nats.io)).toBe(3);
    expect(nats.out.stderr).toContain('pipe: NATS is not reachable at 127.0.0.1:1: start the stack with `pipe up`');
  });
});
