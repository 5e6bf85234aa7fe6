import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const IV_BYTES = 12;

/** The encryption key is missing or malformed. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
  readonly code = 'SECRET_KEY_INVALID';
}

/** A sealed secret could not be opened (wrong key, tampered or swapped row). */
export class SecretOpenError extends Error {
  override readonly name = 'SecretOpenError';
  readonly code = 'SECRET_OPEN_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Parses the 32-byte AES-256 key from config: 64 hex characters or base64 of 32 bytes
 * (`openssl rand -base64 32`).
 */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new SecretKeyError('the secret key must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)');
  }
  return key;
}

/**
 * Encrypts secrets at rest with AES-256-GCM. Each secret is bound to a context (e.g. the team and
 * platform) as additional authenticated data, so a sealed value copied to another row will not open.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new SecretKeyError('AES-256-GCM needs a 32-byte key');
    this.#key = key;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context: string): string {
    const [format, iv, tag, ciphertext] = sealed.split('.');
    if (format !== FORMAT || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new SecretOpenError('the sealed secret is not in the v1 format');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new SecretOpenError('the secret does not open with this key: was PIPE_SECRET_KEY changed?', { cause });
    }
  }
}
