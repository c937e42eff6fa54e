import crypto from 'node:crypto';
import { OtasukeError } from '../../core/errors.js';
import type { AlertSource } from '../../handlers/alerts/alert-types.js';

/** The signing window: a request whose timestamp is further than this from now is stale. */
export const SIGNATURE_WINDOW_SECONDS = 300;
export const TIMESTAMP_HEADER = 'x-otasuke-timestamp';
export const SIGNATURE_HEADER = 'x-otasuke-signature';

/** A stored secret could not be opened: ALERT_SECRET_KEY is missing or not the key it was sealed with. */
export class AlertSecretError extends OtasukeError {
  constructor(message: string, cause?: unknown) {
    super('ALERT_SECRET_SEAL', message, { cause });
  }
}

/**
 * How source secrets are kept: a signing secret is needed in clear to check an HMAC, so it is
 * sealed with ALERT_SECRET_KEY (AES-256-GCM, `v1:nonce:tag:body`), or kept `plain:` without a key;
 * a bearer token is only ever compared, so only its SHA-256 is kept (`sha256:`).
 */
export class AlertSecrets {
  private readonly key: Buffer | null;

  /** `keyBase64`: ALERT_SECRET_KEY (32 bytes, base64), or undefined. */
  constructor(keyBase64?: string) {
    this.key = keyBase64 ? Buffer.from(keyBase64, 'base64') : null;
    if (this.key && this.key.length !== 32) throw new AlertSecretError('ALERT_SECRET_KEY must be 32 bytes');
  }

  get sealed(): boolean {
    return this.key !== null;
  }

  /** A fresh secret to give the device once (never shown again). */
  static generate(auth: AlertSource['auth']): string {
    return `${auth === 'hmac' ? 'whsec' : 'whtok'}_${crypto.randomBytes(32).toString('base64url')}`;
  }

  /** The form a new secret is stored in. */
  store(auth: AlertSource['auth'], secret: string): string {
    if (auth === 'bearer') return `sha256:${sha256(secret)}`;
    if (!this.key) return `plain:${secret}`;
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  /** The signing secret of a stored `v1:` or `plain:` value. */
  open(stored: string): string {
    if (stored.startsWith('plain:')) return stored.slice(6);
    const m = /^v1:([\w-]+):([\w-]+):([\w-]*)$/.exec(stored);
    if (!m) throw new AlertSecretError('not a stored signing secret');
    if (!this.key) throw new AlertSecretError('the secret is sealed and ALERT_SECRET_KEY is not set');
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(m[1]!, 'base64url'));
      decipher.setAuthTag(Buffer.from(m[2]!, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(m[3]!, 'base64url')), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new AlertSecretError('ALERT_SECRET_KEY is not the key this secret was sealed with', err);
    }
  }

  /** The stored secrets a request may match now: the current one, and the previous one during its grace period. */
  candidates(source: AlertSource, now = new Date()): string[] {
    const list = [source.secret];
    if (source.previousSecret && source.previousValidUntil && source.previousValidUntil > now) list.push(source.previousSecret);
    return list;
  }

  /** Whether `signature` (`v1=<hex>`) is the HMAC-SHA256 of `<timestamp>.<body>` under one of the source's secrets. */
  verifySignature(source: AlertSource, timestamp: string, body: Buffer, signature: string): boolean {
    const given = /^v1=([0-9a-f]{64})$/i.exec(signature.trim())?.[1];
    if (!given) return false;
    const givenBuf = Buffer.from(given.toLowerCase(), 'hex');
    return this.candidates(source).some((stored) => crypto.timingSafeEqual(givenBuf, Buffer.from(sign(this.open(stored), timestamp, body), 'hex')));
  }

  /** Whether `token` is the source's bearer token (or the previous one during its grace period). */
  verifyBearer(source: AlertSource, token: string): boolean {
    const given = Buffer.from(sha256(token), 'hex');
    return this.candidates(source).some((stored) => stored.startsWith('sha256:') && crypto.timingSafeEqual(given, Buffer.from(stored.slice(7), 'hex')));
  }
}

/** HMAC-SHA256 (hex) of `<timestamp>.<body>`: what a device sends as `X-Otasuke-Signature: v1=<hex>`. */
export function sign(secret: string, timestamp: string, body: Buffer | string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}
