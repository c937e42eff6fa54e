import crypto from 'node:crypto';

export interface Credentials {
  user: string;
  password: string;
}

/** Whether an Authorization header carries exactly these basic-auth credentials. */
export function basicAuthMatches(header: string | undefined, credentials: Credentials): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6).trim(), 'base64');
  const expected = Buffer.from(`${credentials.user}:${credentials.password}`);
  // Constant-time comparison: the password must not leak through response timing.
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
