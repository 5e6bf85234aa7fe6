import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the built console is (`vite build` writes it; `npm run setup` runs that): the same
 * directory from `src/` and from `dist/`, both one level under the package.
 */
export const CONSOLE_ASSETS_DIR: string = fileURLToPath(new URL('../dist/web/', import.meta.url));

/** True when the console has been built (its index.html exists). */
export function consoleBuilt(dir: string = CONSOLE_ASSETS_DIR): boolean {
  return existsSync(`${dir}/index.html`);
}
export { CONSOLE_CLIENT_ID } from './console-client.js';
