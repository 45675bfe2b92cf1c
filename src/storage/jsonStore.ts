// A lowdb JSON file. lowdb's writer (steno) writes to a temporary file and renames
// it over the old one, so a crash never leaves a half-written file, and it
// serialises concurrent writes within this process.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export class StoreError extends Error {}

export async function openJsonStore<T extends object>(file: string, defaults: T): Promise<Low<T>> {
  await mkdir(dirname(file), { recursive: true });
  const db = new Low<T>(new JSONFile<T>(file), structuredClone(defaults));
  try {
    await db.read();
  } catch (err) {
    // Refuse to start rather than overwrite data that may still be recoverable by hand.
    throw new StoreError(`${file} could not be read (${err instanceof Error ? err.message : String(err)}); fix or move it, then start again`);
  }
  return db;
}
