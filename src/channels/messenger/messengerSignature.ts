// Meta signs every webhook call: X-Hub-Signature-256 is "sha256=" and the hex HMAC-SHA256 of the
// raw request body, keyed with the app secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** True when `header` is the signature of `rawBody`; compared in constant time. */
export function isValidMessengerSignature(rawBody: string | Buffer | undefined, header: string | undefined, appSecret: string): boolean {
  const hex = header ? SIGNATURE.exec(header)?.[1] : undefined;
  if (rawBody === undefined || !appSecret || !hex) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(hex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** appsecret_proof for Graph API calls: HMAC-SHA256 of the access token, keyed with the app secret. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/** Compares two strings (the webhook verify token) without leaking where they differ. */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
