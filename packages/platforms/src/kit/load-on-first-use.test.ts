import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOnFirstUse } from './load-on-first-use.js';

describe('loadOnFirstUse', () => {
  it('imports once, on the first call, and shares that import with calls made meanwhile', async () => {
    let imports = 0;
    const module = loadOnFirstUse(async () => {
      imports++;
      return { name: 'client' };
    });
    expect(imports).toBe(0);
    expect(module.loaded()).toBeUndefined();
    const [first, second] = await Promise.all([module(), module()]);
    expect(first).toBe(second);
    expect(await module()).toBe(first);
    expect(imports).toBe(1);
    expect(module.loaded()).toBe(first);
  });

  it('tries a failed import again on the next use', async () => {
    let attempts = 0;
    const module = loadOnFirstUse(async () => {
      if (++attempts === 1) throw new Error('not installed');
      return 'loaded';
    });
    await expect(module()).rejects.toThrow('not installed');
    expect(module.loaded()).toBeUndefined();
    await expect(module()).resolves.toBe('loaded');
  });
});

describe('importing the platform modules', () => {
  it('loads none of the API clients nor the Slack app framework until a job calls them', () => {
    // A fresh process importing the built package, as every service does; CommonJS packages show in require's cache.
    const loaded = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "await import('@pipe/platforms'); const { createRequire } = await import('node:module'); console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)))",
      ],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' },
    );
    const modules = JSON.parse(loaded) as string[];
    expect(modules.filter((path) => path.includes('/@slack/bolt/')).map((path) => path.replace(/.*\/@slack\/bolt\//, ''))).toEqual([
      'dist/receivers/verify-request.js',
    ]);
    expect(modules.filter((path) => /\/(@slack\/web-api|axios|express|@discordjs\/(rest|ws)|undici)\//.test(path))).toEqual([]);
  });
});
