import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cacheByTeam } from './secret-cache.js';

/** What pg rejects with while the server is down. */
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('a team cache through a Postgres outage', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 0 }));
  afterEach(() => void vi.useRealTimers());

  it('serves the last answer read while Postgres is unreachable, until it is older than maxStaleMs', async () => {
    let down = false;
    const load = vi.fn(async (team: string) => {
      if (down) throw refused();
      return `secret-of-${team}`;
    });
    const secretOf = cacheByTeam(load, { ttlMs: 1000, maxStaleMs: 60_000 });
    expect(await secretOf('acme')).toBe('secret-of-acme');
    down = true;
    vi.setSystemTime(30_000);
    expect(await secretOf('acme')).toBe('secret-of-acme');
    // A team never read before the outage is not guessed.
    await expect(secretOf('beta')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    vi.setSystemTime(60_001);
    await expect(secretOf('acme')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    down = false;
    expect(await secretOf('acme')).toBe('secret-of-acme');
  });

  it('serves nothing stale that servesStale refuses, nor after a failure of the statement itself', async () => {
    let failure: Error | null = null;
    const secretOf = cacheByTeam(
      async (team: string) => {
        if (failure) throw failure;
        return team === 'ghost' ? null : team;
      },
      { ttlMs: 0, maxStaleMs: 60_000, servesStale: (value) => value !== null },
    );
    expect(await secretOf('ghost')).toBeNull();
    expect(await secretOf('acme')).toBe('acme');
    failure = refused();
    await expect(secretOf('ghost')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await secretOf('acme')).toBe('acme');
    failure = Object.assign(new Error('relation "webhook_secrets" does not exist'), { code: '42P01' });
    vi.setSystemTime(5000);
    await expect(secretOf('acme')).rejects.toThrow('does not exist');
  });
});
