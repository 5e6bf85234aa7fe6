import type { HandshakeContext, HandshakeReply, IngestLogger } from '../kit/index.js';

/** Where the handshake keeps a team's verification token (encrypted, as the team's `notion` secret). */
export interface VerificationTokenStore {
  get(team: string): Promise<string | null>;
  set(team: string, token: string): Promise<void>;
}

/**
 * Notion's subscription handshake: when a subscription is created (or "Resend token" is pressed),
 * Notion POSTs `{"verification_token": "secret_…"}` once, unsigned. The token is what the user
 * pastes back into Notion to verify the subscription, and what signs every later event. It is
 * logged (the user needs to read it) and stored encrypted as the team's `notion` secret when the
 * team has none; an existing token is never replaced by an unsigned request — the log says how to
 * replace it on purpose. Answered 200; nothing is published.
 */
export function verificationHandshake(store: VerificationTokenStore, logger: IngestLogger) {
  return async ({ team, payload }: HandshakeContext): Promise<HandshakeReply | null> => {
    const token = (payload as { verification_token?: unknown } | null)?.verification_token;
    if (typeof token !== 'string' || (payload as { type?: unknown }).type !== undefined) return null;
    const current = await store.get(team);
    if (current === null) {
      await store.set(team, token);
      logger.info(
        { team, verificationToken: token },
        'notion verification token received and stored: paste it into Notion (Webhooks → Verify) to activate the subscription',
      );
      return { status: 200, body: { ok: true, stored: true } };
    }
    if (current === token) {
      logger.info(
        { team, verificationToken: token },
        'notion verification token received again (already stored): paste it into Notion to verify the subscription',
      );
      return { status: 200, body: { ok: true, stored: true } };
    }
    logger.warn(
      { team, verificationToken: token },
      `notion sent a new verification token but team '${team}' already has one; if you re-created the subscription, store it with \`pipe team set-secret ${team} notion <token>\``,
    );
    return { status: 200, body: { ok: true, stored: false } };
  };
}
