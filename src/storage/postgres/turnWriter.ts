// Where a log line is written: with the commit of the turn running here under its lock (one round
// trip for the turn's state and all its log lines, kept only if the state is), or on the pool when
// no turn holds a lock (the staff console, a single process without the turn lock).
import type { Database } from './database.js';
import { inlineParams, type SqlValue } from './sqlLiteral.js';
import type { TurnSession } from './turnLock.js';

/** Writes one statement; resolves once it is written, or, inside a turn, once it waits for the commit. */
export type LogWriter = (statement: string, params: SqlValue[]) => Promise<void>;

export function turnWriter(db: Database, turnSession: () => TurnSession | undefined): LogWriter {
  return async (statement, params) => {
    const session = turnSession();
    if (session) session.atCommit(inlineParams(statement, params));
    else await db.query(statement, params as unknown[]);
  };
}

/** Writes on the pool, each statement when it is given. */
export const poolWriter = (db: Database): LogWriter => turnWriter(db, () => undefined);
