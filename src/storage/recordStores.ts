// Every store the bot keeps records in, as one set, and the default set: lowdb files under
// DATA_DIR (webhook de-duplication and staff sessions too, so they survive a restart), with attempt
// limits in memory. The PostgreSQL set
// (postgres/stores.ts) has the same shape; openRecordStores.ts chooses between them.
import { join } from 'node:path';
import type { RedeliveryFilterFactory } from '../channels/redeliveries.js';
import { memoryAttemptLimiters, type AttemptLimiterFactory } from '../feedback/attemptLimiter.js';
import type { FeedbackRepository, RepositoryOptions } from '../feedback/repository.js';
import type { QuestionLog } from '../insights/questionLog.js';
import type { RatingStore } from '../insights/ratings.js';
import type { UsageLog } from '../insights/usage.js';
import type { ConsoleStore } from '../staff/consoleStore.js';
import type { SessionStore } from '../staff/sessions.js';
import type { StaffUsers } from '../staff/staffUsers.js';
import { LowdbConsoleStore } from './consoleStore.js';
import { LowdbFeedbackRepository } from './feedbackRepository.js';
import { LowdbQuestionLog } from './questionLog.js';
import { LowdbRatingStore } from './ratingStore.js';
import { LowdbRedeliveries, REDELIVERIES_FILE } from './redeliveries.js';
import { LowdbSessionStore, STAFF_SESSIONS_FILE } from './sessionsFile.js';
import { FileStaffUsers } from './staffUsersFile.js';
import { FileUsageLog } from './usageLog.js';

/** The lowdb files under DATA_DIR, by store (db:import and db:export read and write the same). */
export const DATA_FILES = {
  feedback: 'feedback.json',
  questions: 'questions.json',
  ratings: 'ratings.json',
  /** JSON lines, appended (usageLog.ts). */
  usage: 'usage.jsonl',
  console: 'staff-console.json',
  /** Staff accounts, written by `npm run staff -- add-user` and read at each sign-in. */
  staffUsers: 'staff-users.json',
} as const;

/** The whole-file usage log of earlier versions; its events are moved into DATA_FILES.usage at open. */
export const LEGACY_USAGE_FILE = 'usage.json';

export interface RecordStores {
  feedback: FeedbackRepository;
  questions: QuestionLog;
  ratings: RatingStore;
  usage: UsageLog;
  consoleStore: ConsoleStore;
  staffUsers: StaffUsers;
  sessions: SessionStore;
  limiters: AttemptLimiterFactory;
  redeliveries: RedeliveryFilterFactory;
  /** Writes what is pending; rejects with the first failure, after trying every store. */
  flush(): Promise<void>;
  /** Flushes and lets go of the backend (the PostgreSQL pool); the stores are not used after. */
  close(): Promise<void>;
}

/** Flushes every log, each even when another fails. */
export async function flushAll(logs: Array<{ flush(): Promise<void> }>): Promise<void> {
  const results = await Promise.allSettled(logs.map((l) => l.flush()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function openLowdbStores(dataDir: string, options: RepositoryOptions): Promise<RecordStores> {
  const data = (name: string) => join(dataDir, name);
  const [questions, ratings, usage, consoleStore, feedback, redeliveries, sessions] = await Promise.all([
    LowdbQuestionLog.open(data(DATA_FILES.questions), options.salt),
    LowdbRatingStore.open(data(DATA_FILES.ratings), options.salt),
    FileUsageLog.open(data(DATA_FILES.usage), data(LEGACY_USAGE_FILE)),
    LowdbConsoleStore.open(data(DATA_FILES.console)),
    LowdbFeedbackRepository.open(data(DATA_FILES.feedback), options),
    LowdbRedeliveries.open(data(REDELIVERIES_FILE)),
    LowdbSessionStore.open(data(STAFF_SESSIONS_FILE)),
  ]);
  const flush = () => flushAll([questions, ratings, usage, redeliveries, sessions]);
  return {
    feedback,
    questions,
    ratings,
    usage,
    consoleStore,
    staffUsers: new FileStaffUsers(data(DATA_FILES.staffUsers)),
    sessions,
    limiters: memoryAttemptLimiters,
    redeliveries: redeliveries.filters,
    flush,
    close: flush,
  };
}
