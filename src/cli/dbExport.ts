// npm run db:export -- <dir>: writes the records in the PostgreSQL database of DATABASE_URL into
// <dir> as lowdb files, which the bot opens when DATABASE_URL is not set (DATA_DIR=<dir>).
import { exportToLowdbFolder } from '../storage/postgres/exportLowdb.js';
import { openDatabase } from '../storage/postgres/database.js';
import { migrate } from '../storage/postgres/migrate.js';
import { readConfigOrExit } from './cliConfig.js';

const config = readConfigOrExit();
const dir = process.argv[2];
if (!config.databaseUrl || !dir) {
  console.error(!dir ? 'usage: npm run db:export -- <folder>' : 'DATABASE_URL is not set (postgres://user@host:5432/database)');
  process.exit(!dir ? 2 : 1);
}
const db = openDatabase(config.databaseUrl, { max: 8, statementTimeoutMs: 60_000 });
try {
  await migrate(db);
  const counts = await exportToLowdbFolder(db, dir);
  for (const [store, n] of Object.entries(counts)) console.log(`${store}: ${n} written`);
} catch (err) {
  console.error(`export failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await db.end();
}
