// Viber signs every webhook call: X-Viber-Content-Signature is the hex HMAC-SHA256 of the raw
// request body, keyed with the bot's auth token.
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** True when `signature` is the signature of `rawBody`; compared in constant time. */
export function isValidViberSignature(rawBody: string | Buffer | undefined, signature: string | undefined, authToken: string): boolean {
  if (rawBody === undefined || !authToken || !signature || !HEX_SHA256.test(signature)) return false;
  const expected = createHmac('sha256', authToken).update(rawBody).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
