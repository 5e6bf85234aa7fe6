import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, ensureDatabaseExists, migrateToLatest } from '@pipe/db';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { findNatsServer, startNatsServer } from './nats-server.js';
import { isListening } from './wait-for-port.js';

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

describe('servers of our own, on another port and directory than the shared ones', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-local-servers-'));
    // As root the embedded server runs as the postgres user, who must reach its data directory.
    chmodSync(dir, 0o755);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs an embedded Postgres that takes every migration, pg_trgm included, and keeps its data across a restart', async () => {
    const dataDir = join(tempDir(), 'postgres');
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir, port });
    const url = server.url.replace(/\/postgres$/, '/pipe');
    try {
      await ensureDatabaseExists(url);
      const db = createDb({ url, poolSize: 1, applicationName: 'local-servers-test' });
      try {
        expect(await migrateToLatest(db)).toContain('0001-initial');
        // The binaries ship contrib: pg_trgm (trigram search) can be created.
        await sql`create extension if not exists pg_trgm`.execute(db);
        const extensions = await sql<{ extname: string }>`select extname from pg_extension`.execute(db);
        expect(extensions.rows.map((r) => r.extname)).toContain('pg_trgm');
        await db.insertInto('teams').values({ slug: 'acme', name: 'Acme' }).execute();
      } finally {
        await db.destroy();
      }
    } finally {
      await server.stop();
    }
    expect(await isListening('127.0.0.1', port)).toBe(false);

    const again = await startEmbeddedPostgres({ dataDir, port });
    const db = createDb({ url, poolSize: 1, applicationName: 'local-servers-test' });
    try {
      expect(await migrateToLatest(db)).toEqual([]);
      expect(await db.selectFrom('teams').select('slug').execute()).toEqual([{ slug: 'acme' }]);
    } finally {
      await db.destroy();
      await again.stop();
    }
  });

  it.skipIf(findNatsServer() === null)('starts nats-server with JetStream on a port of its own and stops it', async () => {
    const binary = findNatsServer() ?? '';
    const port = await freePort();
    const server = await startNatsServer({ binary, port, storeDir: join(tempDir(), 'nats') });
    expect(server.url).toBe(`nats://127.0.0.1:${port}`);
    const monitor = await isListening('127.0.0.1', port);
    await server.stop();
    expect(monitor).toBe(true);
    expect(await isListening('127.0.0.1', port)).toBe(false);
  });
  it('leaves the exit code to its process: one that started and stopped an embedded Postgres still exits with the code it set', async () => {
    const dir = tempDir();
    const script = join(dir, 'exit-code.mts');
    const source = fileURLToPath(new URL('./embedded-postgres.ts', import.meta.url));
    writeFileSync(
      script,
      `import { startEmbeddedPostgres } from ${JSON.stringify(source)};\n` +
        `const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(join(dir, 'postgres'))}, port: ${await freePort()} });\n` +
        'await server.stop();\n' +
        // What vitest does with a failed test and the CLI with an error: set the code, let the process end.
        'process.exitCode = 3;\n',
    );
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const run = spawnSync(tsx, [script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  });
});
