// Writes what PostgreSQL holds back out as a lowdb data folder (npm run db:export), in the files
// and shapes the lowdb stores open: a way back, and a copy anyone can read. Sessions, attempt
// limits and redeliveries are not exported: they last minutes to hours and the lowdb set keeps
// them in memory. Files already in the folder are never overwritten.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../../common/atomicWrite.js';
import { StoreError } from '../jsonStore.js';
import { DATA_FILES } from '../recordStores.js';
import type { Database } from './database.js';
import type { LowdbFolder } from './importLowdb.js';
import { PostgresConsoleStore } from './consoleStore.js';
import { PostgresFeedbackRepository } from './feedbackRepository.js';
import { PostgresQuestionLog } from './questionLog.js';
import { PostgresRatingStore } from './ratingStore.js';
import { PostgresStaffUsers } from './staffUsers.js';
import { PostgresUsageLog } from './usageLog.js';

async function readAll(db: Database): Promise<LowdbFolder> {
  // The stores only read here; the prefix and salt are never used.
  const consoleStore = new PostgresConsoleStore(db);
  const [records, sequences, questions, ratings, events, audit, dismissed, users] = await Promise.all([
    new PostgresFeedbackRepository(db, { prefix: '', salt: '' }).list(),
    db.query<{ year: number; last: number }>('SELECT year, last FROM feedback_sequences ORDER BY year'),
    new PostgresQuestionLog(db, '').list(),
    new PostgresRatingStore(db, '').list(),
    new PostgresUsageLog(db).list(),
    consoleStore.auditLog(),
    consoleStore.dismissed(),
    new PostgresStaffUsers(db).list(),
  ]);
  return {
    feedback: { records, sequences: Object.fromEntries(sequences.rows.map((r) => [String(r.year), r.last])) },
    questions: { questions: [...questions] },
    ratings: { ratings: [...ratings] },
    usage: { events: [...events] },
    console: { audit: [...audit], dismissed: [...dismissed] },
    staffUsers: { users },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes the lowdb files into `dir`; returns how many entries each holds. */
export async function exportToLowdbFolder(db: Database, dir: string): Promise<Record<keyof typeof DATA_FILES, number>> {
  const names = Object.keys(DATA_FILES) as Array<keyof typeof DATA_FILES>;
  const taken = [];
  for (const name of names) if (await exists(join(dir, DATA_FILES[name]))) taken.push(DATA_FILES[name]);
  if (taken.length > 0) throw new StoreError(`${dir} already has ${taken.join(', ')}; export into an empty folder`);
  const data = await readAll(db);
  for (const name of names) {
    // The usage log is JSON lines, as the lowdb set appends it (usageLog.ts); the others are lowdb files.
    const text = name === 'usage' ? data.usage.events.map((e) => `${JSON.stringify(e)}\n`).join('') : JSON.stringify(data[name], null, 2);
    await writeFileAtomically(join(dir, DATA_FILES[name]), text);
  }
  return {
    feedback: data.feedback.records.length,
    questions: data.questions.questions.length,
    ratings: data.ratings.ratings.length,
    usage: data.usage.events.length,
    console: data.console.audit.length + data.console.dismissed.length,
    staffUsers: data.staffUsers.users.length,
  };
}
