import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApiKey, hashApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import { createDb } from './connect.js';
import { migrateToLatest } from './migrate.js';
import { SecretBox } from './secret-box.js';
import { TeamExistsError, createTeam } from './teams.js';
import { createTestDb, type TestDb } from './testing/index.js';
import { getWebhookSecret } from './webhook-secrets.js';

describe('the database', () => {
  let t: TestDb;
  const box = new SecretBox(randomBytes(32));
  beforeAll(async () => (t = await createTestDb()));
  afterAll(() => t.cleanup());

  it('migrates once; a second run has nothing to do', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(t.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['teams', 'api_keys', 'webhook_secrets', 'items', 'edges', 'activities', 'identities', 'checkpoints']),
    );
  });

  it('starts every connection with the settings asked for, and refuses one that could smuggle another', async () => {
    const tuned = createDb({ url: t.url, poolSize: 2, settings: { jit: 'off', statement_timeout: '5s' } });
    try {
      const shown = await sql<{
        jit: string;
        timeout: string;
      }>`select current_setting('jit') as jit, current_setting('statement_timeout') as timeout`.execute(tuned);
      expect(shown.rows[0]).toEqual({ jit: 'off', timeout: '5s' });
    } finally {
      await tuned.destroy();
    }
    expect(() => createDb({ url: t.url, settings: { jit: 'off -c search_path=evil' } })).toThrow(/plain name and value/);
  });

  it('creates a team with a hashed API key and an encrypted webhook secret', async () => {
    const created = await createTeam(t.db, box, 'acme', undefined, ['github', 'jira']);
    const stored = await t.db.selectFrom('api_keys').selectAll().where('team', '=', 'acme').executeTakeFirstOrThrow();
    expect(stored.key_hash).toBe(hashApiKey(created.apiKey));
    expect(JSON.stringify(stored)).not.toContain(created.apiKey);
    const secretRow = await t.db.selectFrom('webhook_secrets').selectAll().where('team', '=', 'acme').executeTakeFirstOrThrow();
    expect(secretRow.sealed_secret).not.toContain(created.webhookSecrets.github);
    expect(await getWebhookSecret(t.db, box, 'acme', 'github')).toBe(created.webhookSecrets.github);
    await expect(createTeam(t.db, box, 'acme')).rejects.toThrow(TeamExistsError);
  });

  it('resolves a key to its team until it is revoked', async () => {
    const created = await createTeam(t.db, box, 'beta');
    expect(await findApiKey(t.db, created.apiKey)).toEqual({ id: created.apiKeyId, team: 'beta', scope: 'read' });
    expect(await findApiKey(t.db, `${created.apiKey}x`)).toBeNull();
    expect(await revokeApiKey(t.db, 'acme', created.apiKeyId)).toBe(false);
    expect(await revokeApiKey(t.db, 'beta', created.apiKeyId)).toBe(true);
    expect(await findApiKey(t.db, created.apiKey)).toBeNull();
    expect((await listApiKeys(t.db, 'beta'))[0]?.revokedAt).toBeInstanceOf(Date);
  });

  it('indexes item text for search and drops it once the item is removed', async () => {
    const row = {
      team: 'acme',
      id: 'github:issue:octo/demo#1',
      ref: 'github:octo/demo#1',
      platform: 'github',
      kind: 'issue',
      title: 'Flaky login test',
      body: 'The login spec times out on CI',
      url: null,
      state: 'open',
      container: 'octo/demo',
      parent_id: null,
      author_handle: null,
      author_external_id: null,
      created_at: null,
      updated_at: null,
      version: 1,
      event_id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
      event_seq: 1,
      removed_at: null,
    };
    await t.db.insertInto('items').values(row).execute();
    const find = () =>
      t.db.selectFrom('items').select('id').where(sql<boolean>`search @@ websearch_to_tsquery('english', 'flaky login spec')`).execute();
    expect(await find()).toHaveLength(1);
    await t.db.updateTable('items').set({ removed_at: new Date() }).where('id', '=', row.id).execute();
    expect(await find()).toHaveLength(0);
  });
});
