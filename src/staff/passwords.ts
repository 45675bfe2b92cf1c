// Staff password hashes with scrypt, a memory-hard function built into Node's crypto.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash`, so the parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const MIN_PASSWORD_LENGTH = 10;

/** Sign-ins hashed at once: scrypt runs in libuv's pool of four threads, which file writes share. */
export const HASHING_CONCURRENCY = 1;
/** Sign-ins waiting for their turn at most; more are told to try again. */
export const HASHING_QUEUE = 8;

export class HashingBusyError extends Error {}

export interface PasswordChecker {
  (password: string, stored: string): Promise<boolean>;
  /** Hashes running now and waiting now. */
  readonly active: number;
  readonly pending: number;
}

/** verifyPassword behind a small queue, so sign-in attempts can never fill the thread pool. */
export function createPasswordChecker(concurrency = HASHING_CONCURRENCY, queue = HASHING_QUEUE): PasswordChecker {
  const limit = pLimit(concurrency);
  const check = (password: string, stored: string): Promise<boolean> => {
    if (limit.pendingCount >= queue) return Promise.reject(new HashingBusyError('too many sign-ins at once'));
    return limit(() => verifyPassword(password, stored));
  };
  return Object.defineProperties(check, {
    active: { get: () => limit.activeCount },
    pending: { get: () => limit.pendingCount },
  }) as PasswordChecker;
}
