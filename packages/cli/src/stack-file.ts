import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type CliConfig, homePath } from './config.js';

/** What a running `pipe up` wrote down, so other commands find the same servers. */
export interface StackFile {
  natsUrl: string;
  databaseUrl: string;
  pid: number;
  /** The services it runs (older stack files lack it: then all of them). */
  services?: string[];
}

const file = (config: CliConfig) => homePath(config, 'stack.json');

export function writeStackFile(config: CliConfig, stack: StackFile): void {
  mkdirSync(config.home, { recursive: true });
  writeFileSync(file(config), `${JSON.stringify(stack, null, 2)}\n`);
}

export function removeStackFile(config: CliConfig): void {
  rmSync(file(config), { force: true });
}

/** The running stack's servers, if `pipe up` runs from this directory. */
export function readStackFile(config: CliConfig): StackFile | null {
  if (!existsSync(file(config))) return null;
  const stack = JSON.parse(readFileSync(file(config), 'utf8')) as StackFile;
  try {
    process.kill(stack.pid, 0);
    return stack;
  } catch {
    return null;
  }
}

/** The database URL for commands other than `up`: DATABASE_URL, else the running stack's, else the local default. */
export function databaseUrlFor(config: CliConfig): string {
  return config.DATABASE_URL ?? readStackFile(config)?.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/pipe';
}
