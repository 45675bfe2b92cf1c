// A secret the operator did not set, made once and kept under DATA_DIR, readable only by the bot's
// user (mode 0600): the Direct Line token secret, so that web chat tokens issued before a restart
// are still valid after it. Made race-free: written to a temporary file and linked into place, so
// that of two processes starting at once on one folder both end up with the same secret.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreError } from './jsonStore.js';

/** The file under DATA_DIR that keeps the generated Direct Line token secret. */
export const DIRECTLINE_SECRET_FILE = 'directline-token-secret';
/** Characters a kept secret has at least (32 random bytes are 64 hex digits). */
const MIN_SECRET_LENGTH = 32;

async function readSecret(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError(`${file} could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); make it readable for this user, then start again`);
  }
  const secret = text.trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new StoreError(`${file} does not hold a secret of at least ${MIN_SECRET_LENGTH} characters; delete it (a new one is made; open web chats start again) or set DIRECTLINE_TOKEN_SECRET`);
  return secret;
}

/** The secret kept in `file`, made (32 random bytes, hex) when there is none. */
export async function readOrCreateSecret(file: string): Promise<string> {
  const kept = await readSecret(file);
  if (kept) return kept;
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    await link(temp, file).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process made it first: take that one
    });
  } finally {
    await rm(temp, { force: true });
  }
  return (await readSecret(file))!;
}
