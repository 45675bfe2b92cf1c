// Chooses where records are kept: PostgreSQL when DATABASE_URL is set (the schema is migrated
// first, under the migrations' advisory lock, so instances starting together are safe), lowdb
// files under DATA_DIR otherwise.
import type { RepositoryOptions } from '../feedback/repository.js';
import { StoreError } from './jsonStore.js';
import { openDatabase } from './postgres/database.js';
import { migrate } from './postgres/migrate.js';
import { postgresStores } from './postgres/stores.js';
import { openLowdbStores, type RecordStores } from './recordStores.js';

export interface StoresConfig {
  dataDir: string;
  /** Empty: the lowdb files. */
  databaseUrl: string;
}

export async function openRecordStores(config: StoresConfig, options: RepositoryOptions, poolSize?: number): Promise<RecordStores> {
  if (!config.databaseUrl) return openLowdbStores(config.dataDir, options);
  const db = openDatabase(config.databaseUrl, poolSize === undefined ? {} : { max: poolSize });
  try {
    await migrate(db);
  } catch (err) {
    await db.end().catch(() => undefined);
    // One line for the operator (server.ts prints a StoreError without a stack); never the URL, which may hold a password.
    throw new StoreError(`the PostgreSQL database of DATABASE_URL could not be opened and migrated: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return postgresStores(db, options);
}
