import { readFileSync } from 'node:fs';

/**
 * The version in the package.json next to a service's `src/` or `dist/` folder: pass the
 * `import.meta.url` of a file directly inside one of them (main.ts). `0.0.0` when unreadable, so
 * a missing file never stops a service.
 */
export function packageVersion(importMetaUrl: string): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', importMetaUrl), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
