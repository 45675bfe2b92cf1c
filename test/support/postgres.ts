// A PostgreSQL schema of its own for one test file, on TEST_DATABASE_URL or the local server
// (127.0.0.1:5432, user postgres, database test). Where neither answers, the PostgreSQL tests
// skip, unless REQUIRE_POSTGRES=1 (set by .ci/run), where they fail instead.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/postgres/database.js';
import { migrate } from '../../src/storage/postgres/migrate.js';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Whether a PostgreSQL server answers; checked once per test file, before its describe blocks. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${POSTGRES_URL} does not answer: ${String(err)}`, { cause: err });
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestSchema {
  db: Database;
  schema: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, migrated schema; drop() removes it and closes the pool. */
export async function freshSchema(): Promise<TestSchema> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = openDatabase(POSTGRES_URL, { schema, max: 5 });
  await migrate(db);
  const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    db,
    schema,
    url,
    async drop() {
      await db.end();
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
