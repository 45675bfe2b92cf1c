// The PostgreSQL set of record stores, all on one pool. Nothing is written behind (a turn's log
// lines are written with its commit), so flushing has nothing to do; closing ends the pool, unless its owner ends it (the app's shared state does).
import type { RepositoryOptions } from '../../feedback/repository.js';
import type { RecordStores } from '../recordStores.js';
import { postgresAttemptLimiters } from './attemptLimiter.js';
import { PostgresConsoleStore } from './consoleStore.js';
import type { Database } from './database.js';
import { PostgresFeedbackRepository } from './feedbackRepository.js';
import { PostgresQuestionLog } from './questionLog.js';
import { PostgresRatingStore } from './ratingStore.js';
import { postgresRedeliveryFilters } from './redeliveries.js';
import { PostgresSessionStore } from './sessions.js';
import { PostgresStaffUsers } from './staffUsers.js';
import { PostgresUsageLog } from './usageLog.js';
import { turnWriter } from './turnWriter.js';
import type { TurnSession } from './turnLock.js';

/**
 * @param turnSession the turn running under its lock, when the turn lock is on this database
 *   (sharedState.ts): the usage and question log lines of a turn go with its commit, in the same
 *   round trip as its state.
 */
export function postgresStores(db: Database, options: RepositoryOptions, close: () => Promise<void> = () => db.end(), turnSession: () => TurnSession | undefined = () => undefined): RecordStores {
  const writer = turnWriter(db, turnSession);
  return {
    feedback: new PostgresFeedbackRepository(db, options),
    questions: new PostgresQuestionLog(db, options.salt, undefined, writer),
    ratings: new PostgresRatingStore(db, options.salt),
    usage: new PostgresUsageLog(db, undefined, writer),
    consoleStore: new PostgresConsoleStore(db),
    staffUsers: new PostgresStaffUsers(db),
    sessions: new PostgresSessionStore(db),
    limiters: postgresAttemptLimiters(db),
    redeliveries: postgresRedeliveryFilters(db),
    flush: async () => undefined,
    close,
  };
}
