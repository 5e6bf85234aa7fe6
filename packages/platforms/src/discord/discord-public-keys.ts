const HEX_KEY = /^[0-9a-f]{64}$/;

/** A stored Discord key list that is not one or more 64-hex-character Ed25519 public keys. */
export class DiscordPublicKeyError extends Error {
  override readonly name = 'DiscordPublicKeyError';
  readonly code = 'DISCORD_PUBLIC_KEY_INVALID';
}

/**
 * The Ed25519 public keys a team's Discord deliveries may be signed with, from the team's stored
 * `discord` secret: one or more 64-character hex keys separated by commas — the Discord
 * application's public key (Discord signs PINGs, webhook events and interactions with it) and
 * the Gateway relay's public key (the relay signs the dispatches it forwards with its own key).
 */
export function parseDiscordPublicKeys(secret: string): string[] {
  const keys = secret
    .split(',')
    .map((key) => key.trim().toLowerCase())
    .filter((key) => key !== '');
  if (keys.length === 0 || !keys.every((key) => HEX_KEY.test(key))) {
    throw new DiscordPublicKeyError(
      "the team's Discord key must be one or more 64-character hex Ed25519 public keys separated by commas: set it with `pipe team set-secret <team> discord <application key>[,<relay key>]`",
    );
  }
  return keys;
}
