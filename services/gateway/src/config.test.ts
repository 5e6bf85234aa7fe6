import { ConfigError } from '@pipe/config';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.js';
import { isAllowedOrigin } from './origin.js';

describe('loadGatewayConfig', () => {
  it('applies defaults, treating empty variables as unset', () => {
    const config = loadGatewayConfig({ PORT: '', LOG_LEVEL: ' ' });
    expect(config).toEqual({
      PORT: 7400,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pipe',
      PIPE_ALLOWED_ORIGINS: [],
      LOG_LEVEL: 'info',
      NATS_URL: 'nats://127.0.0.1:4222',
      PIPE_NAMESPACE: '',
      PIPE_PARTITIONS: 4,
      PIPE_STREAM_REPLICAS: 1,
      PIPE_PUBLIC_URL: undefined,
      PIPE_ALLOWED_HOSTS: [],
      PIPE_AUTHORIZATION_SERVERS: [],
      PIPE_RATE_LIMIT_PER_MINUTE: 600,
      PIPE_RATE_LIMIT_BURST: 60,
      PIPE_SESSION_IDLE_MS: 1_800_000,
      PIPE_OAUTH_ACCESS_TOKEN_TTL_SECONDS: 600,
      PIPE_OAUTH_REFRESH_TOKEN_TTL_SECONDS: 2_592_000,
      PIPE_OAUTH_CLIENT_METADATA_TIMEOUT_MS: 2500,
      PIPE_OAUTH_CLIENT_METADATA_MAX_BYTES: 5120,
      PIPE_OAUTH_ALLOW_PRIVATE_CLIENT_METADATA: false,
      SYNC_WINDOW_DAYS: 90,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses every variable', () => {
    const config = loadGatewayConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://pipe:secret@db:5432/pipe',
      PIPE_ALLOWED_ORIGINS: 'https://app.example.com, HTTP://Intranet:8080/',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({ PORT: 9000, HOST: '0.0.0.0', LOG_LEVEL: 'debug' });
    expect(config.PIPE_ALLOWED_ORIGINS).toEqual(['https://app.example.com', 'http://intranet:8080']);
    const access = loadGatewayConfig({
      PIPE_PUBLIC_URL: 'https://pipe.example.com/',
      PIPE_ALLOWED_HOSTS: 'Pipe.Internal:8443, gw',
      PIPE_AUTHORIZATION_SERVERS: 'https://auth.example.com',
      PIPE_RATE_LIMIT_PER_MINUTE: '120',
    });
    expect(access).toMatchObject({
      PIPE_PUBLIC_URL: 'https://pipe.example.com',
      PIPE_ALLOWED_HOSTS: ['pipe.internal:8443', 'gw'],
      PIPE_AUTHORIZATION_SERVERS: ['https://auth.example.com'],
      PIPE_RATE_LIMIT_PER_MINUTE: 120,
    });
    expect(() => loadGatewayConfig({ PIPE_ALLOWED_HOSTS: 'https://x/' })).toThrow(/PIPE_ALLOWED_HOSTS .*not a host name/);
    expect(() => loadGatewayConfig({ PIPE_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/PIPE_RATE_LIMIT_PER_MINUTE must be a whole number/);
  });

  it('names every invalid variable and what a valid value looks like', () => {
    const load = () =>
      loadGatewayConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://db', PIPE_ALLOWED_ORIGINS: 'app.example.com', LOG_LEVEL: 'loud' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT must be a port number such as 7400/);
    expect(load).toThrow(/DATABASE_URL must be a postgres:\/\//);
    expect(load).toThrow(/PIPE_ALLOWED_ORIGINS 'app.example.com' is not an origin; list origins like https:\/\/app.example.com/);
    expect(load).toThrow(/LOG_LEVEL .*info/);
    expect(() => loadGatewayConfig({ PORT: '70000' })).toThrow(/PORT must be a port number between 0 and 65535/);
    expect(() => loadGatewayConfig({ PIPE_ALLOWED_ORIGINS: 'https://app.example.com/path' })).toThrow(/no path/);
  });
});

describe('isAllowedOrigin', () => {
  const allowed = new Set(['https://app.example.com']);

  it('lets requests without an Origin header through (they do not come from a web page)', () => {
    expect(isAllowedOrigin(undefined, allowed)).toBe(true);
  });

  it('accepts localhost pages and configured origins', () => {
    for (const origin of [
      'http://localhost',
      'http://localhost:6274',
      'https://127.0.0.1:8443',
      'http://[::1]:3000',
      'https://app.example.com',
    ]) {
      expect(isAllowedOrigin(origin, allowed), origin).toBe(true);
    }
  });

  it('refuses any other origin, including look-alikes and the opaque null origin', () => {
    for (const origin of [
      'https://evil.example',
      'http://app.example.com',
      'https://app.example.com.evil.example',
      'http://localhost.evil.example',
      'null',
      'file://',
    ]) {
      expect(isAllowedOrigin(origin, allowed), origin).toBe(false);
    }
  });
});
