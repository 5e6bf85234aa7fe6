import { verifyKey } from 'discord-interactions';

/** Why a request is not authentic; each is answered 401 with this code. */
export type DiscordRejection = { code: 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'TIMESTAMP_STALE'; message: string };

/** What a request must carry and be checked against. */
export interface DiscordSignedRequest {
  /** `X-Signature-Ed25519`, hex. */
  signature: string | undefined;
  /** `X-Signature-Timestamp`, Unix seconds as a string. */
  timestamp: string | undefined;
  /** The body exactly as received. */
  rawBody: Buffer;
  /** The public keys the team accepts (see `parseDiscordPublicKeys`). */
  publicKeys: readonly string[];
  /** Now, in epoch ms. */
  nowMs: number;
  /** How far the signed timestamp may be from now, either way. */
  maxAgeMs: number;
}

/**
 * Checks a Discord-style signature: Ed25519 over `timestamp + raw body`, verified with
 * `discord-interactions`' `verifyKey` against each of the team's public keys, then that the
 * signed timestamp is recent (the signature alone would let a captured request be replayed
 * forever). Resolves to null when the request is authentic, else to the reason it is not.
 */
export async function verifyDiscordRequest(request: DiscordSignedRequest): Promise<DiscordRejection | null> {
  const { signature, timestamp } = request;
  if (!signature || !timestamp) {
    return {
      code: 'SIGNATURE_MISSING',
      message: 'X-Signature-Ed25519 and X-Signature-Timestamp are required: deliveries must be signed by Discord or by the Gateway relay',
    };
  }
  let valid = false;
  for (const key of request.publicKeys) {
    if (await verifyKey(request.rawBody, signature, timestamp, key)) {
      valid = true;
      break;
    }
  }
  if (!valid) {
    return {
      code: 'SIGNATURE_INVALID',
      message:
        "X-Signature-Ed25519 does not match: the signing key differs from the team's Discord public keys (`pipe team set-secret <team> discord <application key>[,<relay key>]`)",
    };
  }
  const signedAtMs = Number(timestamp) * 1000;
  if (!/^\d+$/.test(timestamp) || Math.abs(request.nowMs - signedAtMs) > request.maxAgeMs) {
    return {
      code: 'TIMESTAMP_STALE',
      message: `X-Signature-Timestamp is more than ${Math.round(request.maxAgeMs / 1000)} s from now: a replayed request, or a clock that is off (sync it with NTP)`,
    };
  }
  return null;
}
