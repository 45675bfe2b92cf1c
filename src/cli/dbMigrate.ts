// npm run db:migrate: applies the schema migrations to DATABASE_URL (the server also does so
// when it starts; this is for operators who migrate before rolling out new instances).
import { openDatabase } from '../storage/postgres/database.js';
import { migrate } from '../storage/postgres/migrate.js';
import { readConfigOrExit } from './cliConfig.js';

const { databaseUrl } = readConfigOrExit();
if (!databaseUrl) {
  console.error('DATABASE_URL is not set (postgres://user@host:5432/database)');
  process.exit(1);
}
const db = openDatabase(databaseUrl, { max: 2 });
try {
  const applied = await migrate(db);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
} catch (err) {
  console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await db.end();
}
