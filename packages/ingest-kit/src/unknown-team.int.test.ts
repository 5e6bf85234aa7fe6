import { generateKeyPairSync } from 'node:crypto';
import { PLATFORMS } from '@pipe/platforms';
import { describe, expect, it } from 'vitest';
import { createIngestHarness } from './testing/index.js';

/** A real Ed25519 public key in hex: a Discord public key, and a well-formed secret for every other platform. */
const publicKeyHex = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

/** Signature headers of every platform, with values no secret produces. */
const bogusSignatures = (): Record<string, string> => {
  const seconds = String(Math.floor(Date.now() / 1000));
  return {
    'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
    'x-hub-signature': `sha256=${'0'.repeat(64)}`,
    'x-github-event': 'issues',
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    'x-slack-signature': `v0=${'0'.repeat(64)}`,
    'x-slack-request-timestamp': seconds,
    'linear-signature': '0'.repeat(64),
    'x-notion-signature': `sha256=${'0'.repeat(64)}`,
    'x-signature-ed25519': '0'.repeat(128),
    'x-signature-timestamp': seconds,
    authorization: 'Bearer pipe_not_a_key_of_anyone',
  };
};

/** The requests a prober might send: unsigned, wrongly signed, and Notion's unsigned handshake. */
const probes = (): { name: string; body: string; headers: Record<string, string> }[] => [
  { name: 'unsigned', body: '{"action":"opened"}', headers: {} },
  { name: 'wrongly signed', body: '{"action":"opened"}', headers: bogusSignatures() },
  { name: 'a verification token', body: '{"verification_token":"secret_probe"}', headers: {} },
];

describe('a webhook URL of an unknown team', () => {
  for (const module of PLATFORMS) {
    it(`is answered like a bad signature on ${module.ingest.platform}: same status, same body, nothing stored`, async () => {
      const h = await createIngestHarness(module.ingest, { secret: publicKeyHex() });
      try {
        for (const probe of probes()) {
          const answer = async (team: string) => {
            const response = await h.post(probe.body, { headers: probe.headers, team });
            // Messages may name the team of the URL; that is the caller's own input, not a finding.
            return { status: response.statusCode, body: response.body.replaceAll(team, '<team>') };
          };
          const known = await answer(h.team);
          expect(known.status, `${probe.name}: a known team refuses it`).not.toBe(202);
          expect(await answer('nobody'), `${probe.name}: an unknown team`).toEqual(known);
          expect(await answer('NOT_A_SLUG'), `${probe.name}: a segment that cannot be a team`).toEqual(known);
        }
        expect(await h.storedRaw()).toBe(0);
        expect(await h.storedEvents()).toBe(0);
      } finally {
        await h.cleanup();
      }
    });
  }
});
