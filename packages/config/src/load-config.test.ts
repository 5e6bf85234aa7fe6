import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { databaseUrl, natsUrl, port, secretKey } from './fields.js';
import { ConfigError, loadConfig } from './load-config.js';

const schema = z.object({ NATS_URL: natsUrl, DATABASE_URL: databaseUrl, PORT: port(7401), PIPE_SECRET_KEY: secretKey });
const key = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig('svc', schema, { PIPE_SECRET_KEY: key, PORT: '9000' });
    expect(config).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pipe',
      PORT: 9000,
      PIPE_SECRET_KEY: key,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('counts an empty or blank variable as unset, in every service', () => {
    const config = loadConfig('svc', schema, { PIPE_SECRET_KEY: key, PORT: '', NATS_URL: '  ' });
    expect(config).toMatchObject({ PORT: 7401, NATS_URL: 'nats://127.0.0.1:4222' });
    expect(() => loadConfig('svc', schema, { PIPE_SECRET_KEY: '' })).toThrow(/PIPE_SECRET_KEY is required/);
  });

  it('names every wrong variable and says what it should be', () => {
    const load = () => loadConfig('ingest-github', schema, { NATS_URL: 'localhost', PORT: 'eighty' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/NATS_URL must be nats:\/\/host:port/);
    expect(load).toThrow(/PORT/);
    expect(load).toThrow(/PIPE_SECRET_KEY is required: 32 random bytes/);
  });
});
