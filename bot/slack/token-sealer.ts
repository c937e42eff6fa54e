import crypto from 'node:crypto';
import { OtasukeError } from '../../core/errors.js';

/** A sealed value as stored: version, then base64url nonce, auth tag and ciphertext, colon-separated. */
const PREFIX = 'v1';
const SEALED = /^v1:([\w-]+):([\w-]+):([\w-]*)$/;

/** A sealed installation could not be opened: SLACK_TOKEN_KEY is not the key it was sealed with. */
export class TokenSealError extends OtasukeError {
  constructor(message: string, cause?: unknown) {
    super('SLACK_TOKEN_SEAL', message, { cause, userMessageKey: 'error.temporary' });
  }
}

/**
 * Seals Slack installations (bot tokens, refresh tokens) before they reach
 * PostgreSQL, with AES-256-GCM and the operator's SLACK_TOKEN_KEY: a copy of
 * the database (a backup, a support dump) does not carry working tokens.
 */
export class TokenSealer {
  private readonly key: Buffer;

  /** `key`: 32 bytes (SLACK_TOKEN_KEY, base64). */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new TokenSealError(`SLACK_TOKEN_KEY must be 32 bytes, got ${key.length}`);
    this.key = key;
  }

  seal(plain: string): string {
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [PREFIX, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  open(sealed: string): string {
    const parts = SEALED.exec(sealed);
    if (!parts) throw new TokenSealError('not a sealed value');
    const [, nonce, tag, body] = parts as unknown as [string, string, string, string];
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new TokenSealError('a sealed Slack installation does not open with SLACK_TOKEN_KEY (was the key changed?)', err);
    }
  }
}
