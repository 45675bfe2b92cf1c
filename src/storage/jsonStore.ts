// A lowdb JSON file. lowdb's writer (steno) writes to a temporary file and renames
// it over the old one, so a crash never leaves a half-written file, and it
// serialises concurrent writes within this process. A file that exists but does not
// have the store's shape stops start-up with its name: it is never replaced by defaults.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export class StoreError extends Error {}

/** The keys a store's file must have, with the kind of each: a list or a record. */
export type StoreShape<T> = { [K in keyof T]: 'list' | 'record' };

function shapeProblem(data: unknown, shape: Record<string, 'list' | 'record'>): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `expected an object with ${Object.keys(shape).join(', ')}`;
  for (const [key, kind] of Object.entries(shape)) {
    const value = (data as Record<string, unknown>)[key];
    const ok = kind === 'list' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!ok) return `"${key}" must be ${kind === 'list' ? 'a list' : 'an object'}`;
  }
  return undefined;
}

export async function openJsonStore<T extends object>(file: string, defaults: T, shape?: StoreShape<T>): Promise<Low<T>> {
  await mkdir(dirname(file), { recursive: true });
  const db = new Low<T>(new JSONFile<T>(file), structuredClone(defaults));
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreError(`${file} could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); fix or move it, then start again`);
  }
  if (text === undefined) return db;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // Refuse to start rather than overwrite data that may still be recoverable by hand.
    throw new StoreError(`${file} could not be read (${err instanceof Error ? err.message : String(err)}); fix or move it, then start again`);
  }
  const problem = shapeProblem(data, (shape ?? Object.fromEntries(Object.keys(defaults).map((k) => [k, Array.isArray((defaults as Record<string, unknown>)[k]) ? 'list' : 'record']))) as Record<string, 'list' | 'record'>);
  if (problem) throw new StoreError(`${file} is not a ${basename(file)} of this bot (${problem}); fix or move it, then start again`);
  db.data = data as T;
  return db;
}

/**
 * Whether files can be created and replaced in the folder now, tried the way every store writes
 * (a temporary file renamed into place). Creates the folder when it is missing.
 */
export async function isWritableFolder(dir: string): Promise<boolean> {
  const probe = join(dir, `.write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(`${probe}.tmp`, 'ok');
    await rename(`${probe}.tmp`, probe);
    await rm(probe, { force: true });
    return true;
  } catch {
    await rm(`${probe}.tmp`, { force: true }).catch(() => undefined);
    return false;
  }
}
