import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CliConfig, homePath } from './config.js';

/**
 * The key that encrypts webhook secrets: PIPE_SECRET_KEY when set, else the one kept in
 * `.pipe/secret.key` (created on first use, readable by the owner only).
 */
export function resolveSecretKey(config: CliConfig, create: boolean): string {
  if (config.PIPE_SECRET_KEY) return config.PIPE_SECRET_KEY;
  const file = homePath(config, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (!create) {
    throw new Error(`no secret key: set PIPE_SECRET_KEY (the one the services use) or run \`pipe up\` once to create ${file}`);
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
