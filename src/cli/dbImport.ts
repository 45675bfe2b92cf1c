// npm run db:import -- [dataDir]: moves a lowdb data folder (DATA_DIR when none is named) into the
// PostgreSQL database of DATABASE_URL. Safe to run again: nothing is added twice.
import { importLowdbFolder } from '../storage/postgres/importLowdb.js';
import { openDatabase } from '../storage/postgres/database.js';
import { migrate } from '../storage/postgres/migrate.js';
import { readConfigOrExit } from './cliConfig.js';

const config = readConfigOrExit();
if (!config.databaseUrl) {
  console.error('DATABASE_URL is not set (postgres://user@host:5432/database)');
  process.exit(1);
}
const dir = process.argv[2] ?? config.dataDir;
const db = openDatabase(config.databaseUrl, { max: 2, statementTimeoutMs: 60_000 });
try {
  await migrate(db);
  const report = await importLowdbFolder(db, dir);
  for (const [store, { added, present }] of Object.entries(report)) console.log(`${store}: ${added} added${present > 0 ? `, ${present} there already` : ''}`);
} catch (err) {
  console.error(`import failed, nothing was imported: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await db.end();
}
