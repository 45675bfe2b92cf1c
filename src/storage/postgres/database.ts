// The PostgreSQL connection pool every PostgreSQL store shares. Bounded: at most `max`
// connections, a statement that runs longer than the timeout is cancelled by the server, and a
// request for a connection waits at most a few seconds, so a slow database turns into errors
// the caller reports rather than into an ever-growing queue of held requests.
import pg from 'pg';

export interface DatabaseOptions {
  /** Connections at most, per process. */
  max?: number;
  /** The schema to work in (tests use one each); `public` when not given. */
  schema?: string;
  statementTimeoutMs?: number;
  /** A connection left idle inside a transaction this long is ended by the server (its locks released). */
  idleInTransactionTimeoutMs?: number;
  /** How long a request for a connection waits (for a free one, or for a new one to open); 5 s when not given. */
  connectionTimeoutMs?: number;
}

export type Database = pg.Pool;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`not a schema name: ${options.schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
    application_name: 'obshtina-chatbot',
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection the server closes (a restart, a network cut) must not end the process;
  // the pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  // Nor may a connection closed while checked out (inside a transaction, holding a turn's lock): the
  // pool listens only to idle ones, and an 'error' event nobody listens to ends the process. The
  // query running on it fails, and so does every later one, so its user finds out and releases it;
  // the pool then drops it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(db: Database, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
