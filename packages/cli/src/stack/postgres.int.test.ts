import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, ensureDatabaseExists, migrateToLatest } from '@pipe/db';
import { freePort } from '@pipe/test-infra';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePostgres } from './postgres.js';

describe('pipe up’s Postgres when none answers', () => {
  const home = mkdtempSync(join(tmpdir(), 'pipe-up-postgres-'));
  // As root the server runs as the postgres user, who must reach its data under PIPE_HOME.
  chmodSync(home, 0o755);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('starts one of its own with its data under PIPE_HOME (embedded when none is installed or as root), which takes the migrations', async () => {
    const said: string[] = [];
    const [local, own] = [await freePort(), await freePort()];
    const postgres = await resolvePostgres(undefined, home, (line) => said.push(line), { local, own });
    try {
      expect(['embedded', 'started']).toContain(postgres.source);
      expect(postgres.url).toMatch(new RegExp(`@127\\.0\\.0\\.1:${own}/pipe$`));
      await ensureDatabaseExists(postgres.url);
      const db = createDb({ url: postgres.url, poolSize: 1, applicationName: 'pipe-up-test' });
      try {
        expect(await migrateToLatest(db)).toContain('0001-initial');
      } finally {
        await db.destroy();
      }
      if (postgres.source === 'embedded') expect(said.join('\n')).toContain(`nothing answers on 127.0.0.1:${local}`);
    } finally {
      await postgres.process?.stop();
    }
  });

  it('prefers a configured server, then one already answering', async () => {
    expect(await resolvePostgres('postgres://x@db:5432/pipe', home, () => undefined)).toEqual({
      url: 'postgres://x@db:5432/pipe',
      source: 'DATABASE_URL',
    });
  });
});
