import { spawnSync } from 'node:child_process';
import { findNatsServer } from './nats-server.js';

/** The one command that installs nats-server on Debian and Ubuntu, printed when Pipe cannot run it itself. */
export const NATS_INSTALL_COMMAND = 'sudo apt-get install -y nats-server';

/** nats-server is needed, missing, and could not be installed here: the message says the command. */
export class NatsServerMissingError extends Error {
  override readonly name = 'NatsServerMissingError';
  readonly code = 'NATS_SERVER_MISSING';
}

/**
 * The machine as the installer sees it: where nats-server is, who this process runs as, and a way
 * to run a command. {@link systemMachine} is the real one; tests pass their own to see which
 * commands would run as root, with passwordless sudo, or with neither.
 */
export interface InstallMachine {
  /** nats-server's path, or null when it is missing. */
  findNatsServer(): string | null;
  /** This process's user id (0 is root), or undefined where there are none. */
  uid(): number | undefined;
  /** Runs a command to its end, without a terminal; its exit status, or null when it could not start. */
  run(command: string, args: readonly string[]): number | null;
}

/** This machine: commands run non-interactively (apt-get asks nothing), their output discarded. */
export const systemMachine: InstallMachine = {
  findNatsServer,
  uid: () => process.getuid?.(),
  run: (command, args) => spawnSync(command, args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status,
};

/** What to do about nats-server here: use the one found, install it (these commands, in order), or ask the person. */
export type NatsServerPlan =
  | { action: 'use'; binary: string }
  | { action: 'install'; as: 'root' | 'sudo'; commands: string[][] }
  | { action: 'ask'; message: string };

/**
 * Decides, probing only harmless commands (`apt-get --version`, `sudo -n true`): a nats-server
 * already there is used; otherwise Debian's package is installed when apt-get exists and this
 * process is root or may use sudo without a password (`-n`: never a password prompt, which would
 * hang `pipe up`); otherwise the person is given {@link NATS_INSTALL_COMMAND}.
 */
export function planNatsServer(machine: InstallMachine = systemMachine): NatsServerPlan {
  const found = machine.findNatsServer();
  if (found) return { action: 'use', binary: found };
  const apt = machine.run('apt-get', ['--version']) === 0;
  const as = !apt ? null : machine.uid() === 0 ? 'root' : machine.run('sudo', ['-n', 'true']) === 0 ? 'sudo' : null;
  if (as === null) {
    return {
      action: 'ask',
      message:
        `nats-server is not installed${apt ? ' and installing it needs root' : ''}: install it with\n  ${NATS_INSTALL_COMMAND}\n` +
        '(or from https://github.com/nats-io/nats-server/releases), or point Pipe at a running one with NATS_URL',
    };
  }
  const prefix = as === 'sudo' ? ['sudo', '-n'] : [];
  return {
    action: 'install',
    as,
    commands: [
      [...prefix, 'apt-get', 'update', '-qq'],
      [...prefix, 'apt-get', 'install', '-y', '-qq', 'nats-server'],
    ],
  };
}

/**
 * nats-server, installed from Debian's `nats-server` package when it is missing and this process
 * may install packages (see {@link planNatsServer}); otherwise a {@link NatsServerMissingError} that
 * gives the one command to run.
 */
export function findOrInstallNatsServer(onLog: (line: string) => void = () => undefined, machine: InstallMachine = systemMachine): string {
  const plan = planNatsServer(machine);
  if (plan.action === 'use') return plan.binary;
  if (plan.action === 'ask') throw new NatsServerMissingError(plan.message);
  const [update, install] = plan.commands as [string[], string[]];
  onLog(`nats-server is not installed: installing Debian's nats-server package (${install.join(' ')})`);
  // A failed update is not fatal: a stale package list may still hold nats-server, and the install says if not.
  machine.run(update[0] as string, update.slice(1));
  const status = machine.run(install[0] as string, install.slice(1));
  if (status !== 0) {
    throw new NatsServerMissingError(
      `installing nats-server failed (${install.join(' ')} exited ${status}); install it with\n  ${NATS_INSTALL_COMMAND}`,
    );
  }
  const installed = machine.findNatsServer();
  if (!installed)
    throw new NatsServerMissingError(`apt-get installed nats-server but it is not on the PATH; install it with\n  ${NATS_INSTALL_COMMAND}`);
  return installed;
}
