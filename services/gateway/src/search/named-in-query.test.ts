import { createTestDb, type TestDb } from '@pipe/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertIdentity } from '../testing/fixtures.js';
import { NAME_WORDS_MAX_AGE_MS, namedPeople } from './named-in-query.js';

describe('the people a question names', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await insertIdentity(t.db, 'acme', 'github', '5001001', 'github:5001001', { handle: 'maya-chen', name: 'Maya Chen' });
    await insertIdentity(t.db, 'acme', 'slack', 'U02', 'slack:U02', { name: 'Ravi Patel', email: 'rpatel@acme.test' });
  });
  afterAll(() => t.cleanup());
  afterEach(() => vi.useRealTimers());

  it('are found by handle, its first part, first name or email, and only those words name them', async () => {
    const named = await namedPeople(t.db, 'acme', ['maya', 'rpatel', 'checkout', 'timeout']);
    expect([...named.words].sort()).toEqual(['maya', 'rpatel']);
    expect([...named.authors.keys()].sort()).toEqual(['github:5001001', 'slack:U02']);
    expect((await namedPeople(t.db, 'acme', ['maya-chen'])).authors.get('github:5001001')).toBe('Maya Chen');
    // Another team's people are no one here.
    expect((await namedPeople(t.db, 'beta', ['maya'])).authors.size).toBe(0);
  });

  it('include someone who joined, at the latest once the name words are read again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect((await namedPeople(t.db, 'acme', ['lena'])).words.size).toBe(0);
    await insertIdentity(t.db, 'acme', 'linear', 'lin-7', 'linear:lin-7', { handle: 'lena', name: 'Lena Berg' });
    vi.setSystemTime(Date.now() + NAME_WORDS_MAX_AGE_MS + 1);
    const named = await namedPeople(t.db, 'acme', ['lena']);
    expect([...named.words]).toEqual(['lena']);
    expect(named.authors.get('linear:lin-7')).toBe('Lena Berg');
  });
});
