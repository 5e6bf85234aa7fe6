import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDiscordPublicKeys } from './discord-public-keys.js';
import { verifyDiscordRequest } from './verify-discord-request.js';

/** A real Ed25519 key pair, as Discord (or the relay) holds one; the public key in Discord's hex form. */
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicHex: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'), privateKey };
}

const body = Buffer.from(JSON.stringify({ op: 0, t: 'MESSAGE_CREATE', d: {} }));
const NOW = 1_717_243_200_000;
const MAX_AGE = 5 * 60_000;

describe('Discord request verification', () => {
  const discord = keyPair();
  const relay = keyPair();
  const keys = [discord.publicHex, relay.publicHex];
  const signed = (privateKey = discord.privateKey, timestamp = String(NOW / 1000), bytes = body) => ({
    signature: sign(null, Buffer.concat([Buffer.from(timestamp), bytes]), privateKey).toString('hex'),
    timestamp,
    rawBody: bytes,
    publicKeys: keys,
    nowMs: NOW,
    maxAgeMs: MAX_AGE,
  });

  it('accepts a request signed with any of the team keys', async () => {
    expect(await verifyDiscordRequest(signed())).toBeNull();
    expect(await verifyDiscordRequest(signed(relay.privateKey))).toBeNull();
  });

  it('rejects a missing, forged or tampered signature', async () => {
    expect(await verifyDiscordRequest({ ...signed(), signature: undefined })).toMatchObject({ code: 'SIGNATURE_MISSING' });
    expect(await verifyDiscordRequest(signed(keyPair().privateKey))).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(await verifyDiscordRequest({ ...signed(), rawBody: Buffer.from(`${body} `) })).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(await verifyDiscordRequest({ ...signed(), signature: 'not-hex' })).toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('rejects a correctly signed but stale (or future) timestamp', async () => {
    expect(await verifyDiscordRequest(signed(discord.privateKey, String(NOW / 1000 - 301)))).toMatchObject({ code: 'TIMESTAMP_STALE' });
    expect(await verifyDiscordRequest(signed(discord.privateKey, String(NOW / 1000 + 301)))).toMatchObject({ code: 'TIMESTAMP_STALE' });
    expect(await verifyDiscordRequest(signed(discord.privateKey, String(NOW / 1000 - 299)))).toBeNull();
  });

  it('reads the team key list, and says how to fix a bad one', () => {
    expect(parseDiscordPublicKeys(` ${discord.publicHex.toUpperCase()} , ${relay.publicHex}`)).toEqual(keys);
    expect(() => parseDiscordPublicKeys('not-a-key')).toThrow(/pipe team set-secret <team> discord/);
    expect(() => parseDiscordPublicKeys('')).toThrow(/64-character hex/);
  });
});
