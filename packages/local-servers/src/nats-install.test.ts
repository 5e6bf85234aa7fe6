import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  type InstallMachine,
  NATS_INSTALL_COMMAND,
  NatsServerMissingError,
  findOrInstallNatsServer,
  planNatsServer,
  systemMachine,
} from './nats-install.js';

/**
 * A machine without nats-server: each command gets the status `answers` gives (0 by default), every
 * command run is recorded, and nats-server "appears" once `apt-get install` succeeded.
 */
function machineWithout(options: { uid: number; answers?: (command: string[]) => number | null }) {
  const ran: string[] = [];
  let installed = false;
  const machine: InstallMachine = {
    findNatsServer: () => (installed ? '/usr/sbin/nats-server' : null),
    uid: () => options.uid,
    run(command, args) {
      const line = [command, ...args];
      ran.push(line.join(' '));
      const status = options.answers ? options.answers(line) : 0;
      if (status === 0 && line.includes('install')) installed = true;
      return status;
    },
  };
  return { machine, ran };
}

describe('nats-server when it is missing: which command runs', () => {
  it('uses the nats-server found and runs nothing', () => {
    const ran: string[] = [];
    const machine: InstallMachine = {
      findNatsServer: () => '/usr/sbin/nats-server',
      uid: () => 1000,
      run: (command, args) => {
        ran.push([command, ...args].join(' '));
        return 0;
      },
    };
    expect(findOrInstallNatsServer(undefined, machine)).toBe('/usr/sbin/nats-server');
    expect(ran).toEqual([]);
  });

  it('as root: apt-get itself, no sudo, and says so once', () => {
    const { machine, ran } = machineWithout({ uid: 0 });
    const log: string[] = [];
    expect(findOrInstallNatsServer((line) => log.push(line), machine)).toBe('/usr/sbin/nats-server');
    expect(ran).toEqual(['apt-get --version', 'apt-get update -qq', 'apt-get install -y -qq nats-server']);
    expect(log).toEqual(["nats-server is not installed: installing Debian's nats-server package (apt-get install -y -qq nats-server)"]);
  });

  it('as a user with passwordless sudo: sudo -n (never a password prompt) before each apt-get', () => {
    const { machine, ran } = machineWithout({ uid: 1000 });
    expect(planNatsServer(machine)).toEqual({
      action: 'install',
      as: 'sudo',
      commands: [
        ['sudo', '-n', 'apt-get', 'update', '-qq'],
        ['sudo', '-n', 'apt-get', 'install', '-y', '-qq', 'nats-server'],
      ],
    });
    ran.length = 0;
    findOrInstallNatsServer(undefined, machine);
    expect(ran).toEqual(['apt-get --version', 'sudo -n true', 'sudo -n apt-get update -qq', 'sudo -n apt-get install -y -qq nats-server']);
  });

  it.each([
    ['sudo wants a password', 1],
    ['there is no sudo', null],
  ])('as a user where %s: installs nothing and prints the one command', (_case, sudoStatus) => {
    const { machine, ran } = machineWithout({ uid: 1000, answers: (line) => (line[0] === 'sudo' ? sudoStatus : 0) });
    const refusal = (() => {
      try {
        findOrInstallNatsServer(undefined, machine);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(NatsServerMissingError);
    expect((refusal as Error).message).toContain(`installing it needs root: install it with\n  ${NATS_INSTALL_COMMAND}\n`);
    expect(ran).toEqual(['apt-get --version', 'sudo -n true']);
  });

  it('without apt-get (not Debian): points to the command, the releases and NATS_URL, and runs nothing else', () => {
    const { machine, ran } = machineWithout({ uid: 0, answers: (line) => (line[0] === 'apt-get' ? null : 0) });
    expect(() => findOrInstallNatsServer(undefined, machine)).toThrow(
      /^nats-server is not installed: install it with\n {2}sudo apt-get install -y nats-server\n\(or from https:\/\/github.com\/nats-io\/nats-server\/releases\), or point Pipe at a running one with NATS_URL$/,
    );
    expect(ran).toEqual(['apt-get --version']);
  });

  it('goes on to install when the package list cannot be updated, and names the failing command when the install fails', () => {
    const offline = machineWithout({ uid: 0, answers: (line) => (line.includes('update') ? 100 : 0) });
    expect(findOrInstallNatsServer(undefined, offline.machine)).toBe('/usr/sbin/nats-server');
    const broken = machineWithout({ uid: 0, answers: (line) => (line.includes('install') ? 100 : 0) });
    expect(() => findOrInstallNatsServer(undefined, broken.machine)).toThrow(
      `installing nats-server failed (apt-get install -y -qq nats-server exited 100); install it with\n  ${NATS_INSTALL_COMMAND}`,
    );
  });
});

const apt = spawnSync('apt-get', ['--version']).status === 0;

describe('nats-server on this machine', () => {
  it('finds the installed nats-server and runs no command', () => {
    const binary = systemMachine.findNatsServer();
    if (binary === null)
      throw new Error('nats-server is missing on this machine: the integration tests need it (apt-get install nats-server)');
    const ran: string[] = [];
    const watched: InstallMachine = {
      ...systemMachine,
      run: (command, args) => {
        ran.push(command);
        return systemMachine.run(command, args);
      },
    };
    expect(findOrInstallNatsServer(undefined, watched)).toBe(binary);
    expect(ran).toEqual([]);
  });

  // The install path against the real apt-get, as root or with passwordless sudo: the probes run
  // for real, `apt-get update` is recorded but not run (it would rewrite the machine's package
  // lists), and the install runs with `--simulate` (and without `-qq`), so Debian's package is resolved without
  // changing the installed system.
  it.skipIf(!apt || (process.getuid?.() !== 0 && spawnSync('sudo', ['-n', 'true']).status !== 0))(
    'as root or with passwordless sudo, resolves Debian’s nats-server package through the real apt-get (simulated)',
    () => {
      const ran: string[] = [];
      let simulated = '';
      let asked = 0;
      const machine: InstallMachine = {
        ...systemMachine,
        // Missing at first, as on a fresh machine; found once the install has run.
        findNatsServer: () => (asked++ === 0 ? null : systemMachine.findNatsServer()),
        run(command, args) {
          ran.push([command, ...args].join(' '));
          if (args.includes('update')) return 0;
          if (!args.includes('install')) return systemMachine.run(command, args);
          // Without -qq, so apt-get says what it would do.
          const simulate = [...args.filter((arg) => arg !== '-qq'), '--simulate'];
          const result = spawnSync(command, simulate, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
          simulated = result.stdout + result.stderr;
          return result.status;
        },
      };
      const log: string[] = [];
      expect(findOrInstallNatsServer((line) => log.push(line), machine)).toBe(systemMachine.findNatsServer());
      const prefix = process.getuid?.() === 0 ? '' : 'sudo -n ';
      expect(ran.filter((line) => line.includes('apt-get update') || line.includes('apt-get install'))).toEqual([
        `${prefix}apt-get update -qq`,
        `${prefix}apt-get install -y -qq nats-server`,
      ]);
      expect(log).toHaveLength(1);
      // Installed here already, so apt-get says so; on a fresh machine it would list the package to install.
      expect(simulated).toMatch(/nats-server is already the newest version|Inst nats-server /);
    },
  );
});
