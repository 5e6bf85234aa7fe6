import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

describe('the web console at /', () => {
  let t: TestDb;
  let built: string;
  let empty: string;
  beforeAll(async () => {
    t = await createTestDb();
    built = mkdtempSync(join(tmpdir(), 'pipe-console-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(
      join(built, 'index.html'),
      '<!doctype html><title>Pipe console</title><script type="module" src="./assets/app-1a2b.js"></script>',
    );
    writeFileSync(join(built, 'assets', 'app-1a2b.js'), 'console.log("console")');
    empty = mkdtempSync(join(tmpdir(), 'pipe-console-unbuilt-'));
  });
  afterAll(async () => {
    await t.cleanup();
    rmSync(built, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it('serves the built page with a strict CSP, its hashed assets cached for good, and leaves other routes alone', async () => {
    const app = buildApp({ db: t.db, logLevel: 'silent', consoleAssetsDir: built });
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('<title>Pipe console</title>');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("connect-src 'self' ws: wss:");
      expect(page.headers['cache-control']).toBe('no-cache');
      const script = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
      expect(script.statusCode).toBe(200);
      expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const missing = await app.inject({ method: 'GET', url: '/assets/nothing.js' });
      expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('says how to build the console when it is not built', async () => {
    const app = buildApp({ db: t.db, logLevel: 'silent', consoleAssetsDir: empty });
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(503);
      expect(page.json()).toEqual({
        error: { code: 'CONSOLE_NOT_BUILT', message: expect.stringContaining('run `npm run setup`') },
      });
    } finally {
      await app.close();
    }
  });

  it('lets pages from the public URL’s origin call the gateway', async () => {
    const app = buildApp({ db: t.db, logLevel: 'silent', consoleAssetsDir: built, publicUrl: 'https://pipe.example.com' });
    try {
      const fromConsole = await app.inject({
        method: 'GET',
        url: '/',
        headers: { host: 'pipe.example.com', origin: 'https://pipe.example.com' },
      });
      expect(fromConsole.statusCode).toBe(200);
      const foreign = await app.inject({ method: 'GET', url: '/', headers: { host: 'pipe.example.com', origin: 'https://evil.example' } });
      expect(foreign.statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});
