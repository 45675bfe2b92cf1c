// Chooses where records are kept: PostgreSQL when DATABASE_URL is set (the schema is migrated
// first, under the migrations' advisory lock, so instances starting together are safe), lowdb
// files under DATA_DIR otherwise.
import type { RepositoryOptions } from '../feedback/repository.js';
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
    throw err;
  }
  return postgresStores(db, options);
}
