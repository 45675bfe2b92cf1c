// Schema migrations: numbered SQL files in ./migrations, applied in order, each in its own
// transaction, recorded in schema_migrations. An advisory lock makes instances that start at
// the same moment apply them once, one after the other. A file already applied is never run
// again, so a change to the schema is always a new file.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../../config/config.js';
import { inTransaction, type Database } from './database.js';

export const MIGRATIONS_DIR = join(projectRoot, 'src', 'storage', 'postgres', 'migrations');

// Any fixed number, the same in every instance of this bot.
const MIGRATION_LOCK = 7_340_912;
const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Applies the migrations not yet applied; returns the names of those it applied. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => FILE_NAME.test(f)).sort();
  const lock = await db.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await lock.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await lock.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f))) {
      const sql = await readFile(join(dir, file), 'utf8');
      await inTransaction(db, async (client) => {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      });
      applied.push(file);
    }
    return applied;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lock.release();
  }
}
