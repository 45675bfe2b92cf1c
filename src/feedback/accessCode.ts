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

/**
 * The access code in what a citizen typed: all of it ("K7PQ 2XMA"), one word of it ("кодът е
 * K7PQ2XMA"), or two words in a row ("кодът ми е K7PQ 2XMA"), normalised; undefined when nothing
 * has a code's form. Codes are Latin letters and digits of a fixed length, so the words around one
 * are never taken for it.
 */
export function findAccessCode(text: string): string | undefined {
  const words = text.split(/[\s,;:.!?„“”"'()]+/u).filter(Boolean);
  const pairs = words.slice(1).map((word, i) => `${words[i]}${word}`);
  return [words.join(''), ...words, ...pairs].map(normaliseAccessCode).find((c) => ACCESS_CODE_PATTERN.test(c));
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
