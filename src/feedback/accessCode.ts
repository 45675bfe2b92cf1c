// The private code that protects a record: reference numbers are sequential, so they are
// guessable; the code is not. Only a hash is stored, and it is compared in constant time.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** No 0/O, 1/I/L: codes are read aloud and retyped from phones. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

/** A whole access code after normalisation: what a typed word must look like to be taken for one. */
export const ACCESS_CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${LENGTH}}$`);

export function generateAccessCode(): string {
  return Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

export function normaliseAccessCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashAccessCode(reference: string, code: string): string {
  return createHash('sha256').update(`${reference}\u0000${normaliseAccessCode(code)}`).digest('hex');
}

/** A hash no access code has: compared against for an unknown reference, so it costs the same time as a wrong code. */
export const DUMMY_ACCESS_HASH = '0'.repeat(64);

export function accessCodeMatches(reference: string, code: string, storedHash: string): boolean {
  const a = Buffer.from(hashAccessCode(reference, code), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
