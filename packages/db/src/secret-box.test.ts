import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretKeyError, SecretOpenError, parseSecretKey } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips a secret and never stores it in clear', () => {
    const sealed = box.seal('s3cret-value', 'webhook-secret:acme:github');
    expect(sealed).not.toContain('s3cret-value');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(box.open(sealed, 'webhook-secret:acme:github')).toBe('s3cret-value');
  });

  it('refuses a sealed value moved to another context, tampered, or opened with another key', () => {
    const sealed = box.seal('s3cret-value', 'webhook-secret:acme:github');
    expect(() => box.open(sealed, 'webhook-secret:other:github')).toThrow(SecretOpenError);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered, 'webhook-secret:acme:github')).toThrow(SecretOpenError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'webhook-secret:acme:github')).toThrow(/PIPE_SECRET_KEY/);
  });

  it('parses hex and base64 keys and explains a bad one', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseSecretKey('too-short')).toThrow(SecretKeyError);
    expect(() => parseSecretKey('too-short')).toThrow(/openssl rand -base64 32/);
  });
});
