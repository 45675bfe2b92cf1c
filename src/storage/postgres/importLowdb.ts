// Moves a lowdb data folder into PostgreSQL (npm run db:import), in one transaction: all of it or
// none. Running it again adds nothing: records, questions, dismissed groups and accounts are known
// by their keys, and log lines without a key of their own by a key made from their content and
// how many identical lines came before. The year's numbering is set so that the next reference
// continues after the highest imported one.
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { StaffUser } from '../../staff/staffUsers.js';
import type { ConsoleFile } from '../consoleStore.js';
import { FEEDBACK_FILE_DEFAULTS, type FeedbackFile } from '../feedbackRepository.js';
import { openJsonStore, StoreError } from '../jsonStore.js';
import type { QuestionsFile } from '../questionLog.js';
import type { RatingsFile } from '../ratingStore.js';
import { DATA_FILES, LEGACY_USAGE_FILE } from '../recordStores.js';
import type { StaffUsersFileContent } from '../staffUsersFile.js';
import { readLegacyUsageFile, readUsageLines, type UsageFile } from '../usageLog.js';
import { inTransaction, type Database } from './database.js';
import { insertRecord } from './feedbackRepository.js';
import { storableJson } from '../../common/storableText.js';

/** Rows sent in one statement: large logs go in chunks, each well inside the statement timeout. */
const CHUNK = 1000;

/** Per store: rows added now, and rows of the folder that were there already. */
export type ImportReport = Record<keyof typeof DATA_FILES, { added: number; present: number }>;

/** The contents of a lowdb data folder, file by file. */
export interface LowdbFolder {
  feedback: FeedbackFile;
  questions: QuestionsFile;
  ratings: RatingsFile;
  usage: UsageFile;
  console: ConsoleFile;
  staffUsers: StaffUsersFileContent;
}

async function readFolder(dir: string): Promise<LowdbFolder> {
  try {
    await access(dir);
  } catch {
    throw new StoreError(`${dir} is not a folder that can be read`);
  }
  const file = (name: string) => join(dir, name);
  const [feedback, questions, ratings, legacyUsage, usage, console, staffUsers] = await Promise.all([
    openJsonStore<FeedbackFile>(file(DATA_FILES.feedback), FEEDBACK_FILE_DEFAULTS),
    openJsonStore<QuestionsFile>(file(DATA_FILES.questions), { questions: [] }),
    openJsonStore<RatingsFile>(file(DATA_FILES.ratings), { ratings: [] }),
    readLegacyUsageFile(file(LEGACY_USAGE_FILE)),
    readUsageLines(file(DATA_FILES.usage)),
    openJsonStore<ConsoleFile>(file(DATA_FILES.console), { audit: [], dismissed: [] }),
    openJsonStore<StaffUsersFileContent>(file(DATA_FILES.staffUsers), { users: [] }),
  ]);
  return { feedback: feedback.data, questions: questions.data, ratings: ratings.data, usage: { events: [...(legacyUsage ?? []), ...usage] }, console: console.data, staffUsers: staffUsers.data };
}

/** A key for each line: its content's hash and how many identical lines came before it in the file. */
export function importKeys(lines: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const hash = createHash('sha256').update(JSON.stringify(line)).digest('hex');
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return `${hash}#${n}`;
  });
}

/** Inserts rows in chunks with `sql` (taking arrays as $1, $2, …); returns how many were added. */
async function insertChunks(client: pg.PoolClient, sql: string, columns: unknown[][]): Promise<number> {
  let added = 0;
  const total = columns[0]?.length ?? 0;
  for (let start = 0; start < total; start += CHUNK) {
    const { rowCount } = await client.query(sql, columns.map((c) => c.slice(start, start + CHUNK)));
    added += rowCount ?? 0;
  }
  return added;
}

const json = (rows: readonly unknown[]) => rows.map((r) => storableJson(r));

async function importFeedback(client: pg.PoolClient, file: FeedbackFile): Promise<number> {
  let added = 0;
  for (const record of file.records) if (await insertRecord(client, record)) added += 1;
  const last = new Map<number, number>(Object.entries(file.sequences).map(([year, n]) => [Number(year), n]));
  for (const r of file.records) {
    const m = /-(\d{4})-(\d+)$/.exec(r.reference);
    if (m) last.set(Number(m[1]), Math.max(last.get(Number(m[1])) ?? 0, Number(m[2])));
  }
  for (const [year, n] of last) {
    await client.query(
      'INSERT INTO feedback_sequences (year, last) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET last = GREATEST(feedback_sequences.last, EXCLUDED.last)',
      [year, n],
    );
  }
  return added;
}

// Each takes arrays and inserts their elements in the order of the file (so `position` keeps it).
const INSERT_QUESTIONS = `INSERT INTO unanswered_questions (id, question)
  SELECT id, q FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS t(id, q, n) ORDER BY n ON CONFLICT (id) DO NOTHING`;
const INSERT_RATINGS = `INSERT INTO ratings (conversation, card, entry_id, rating, import_key)
  SELECT r->>'conversation', r->>'card', r->>'entryId', r, k FROM unnest($1::jsonb[], $2::text[]) WITH ORDINALITY AS t(r, k, n) ORDER BY n
  ON CONFLICT (import_key) DO NOTHING`;
const INSERT_USAGE = `INSERT INTO usage_events (event, import_key)
  SELECT e, k FROM unnest($1::jsonb[], $2::text[]) WITH ORDINALITY AS t(e, k, n) ORDER BY n ON CONFLICT (import_key) DO NOTHING`;
const INSERT_AUDIT = `INSERT INTO staff_audit (entry, import_key)
  SELECT e, k FROM unnest($1::jsonb[], $2::text[]) WITH ORDINALITY AS t(e, k, n) ORDER BY n ON CONFLICT (import_key) DO NOTHING`;
const INSERT_DISMISSED = `INSERT INTO staff_dismissed (group_key)
  SELECT g FROM unnest($1::text[]) WITH ORDINALITY AS t(g, n) ORDER BY n ON CONFLICT (group_key) DO NOTHING`;

async function importLogs(client: pg.PoolClient, folder: LowdbFolder): Promise<Record<'questions' | 'ratings' | 'usage' | 'console', number>> {
  const { questions } = folder.questions;
  const { ratings } = folder.ratings;
  const { events } = folder.usage;
  const { audit, dismissed } = folder.console;
  return {
    questions: await insertChunks(client, INSERT_QUESTIONS, [questions.map((q) => q.id), json(questions)]),
    ratings: await insertChunks(client, INSERT_RATINGS, [json(ratings), importKeys(ratings)]),
    usage: await insertChunks(client, INSERT_USAGE, [json(events), importKeys(events)]),
    console: (await insertChunks(client, INSERT_AUDIT, [json(audit), importKeys(audit)])) + (await insertChunks(client, INSERT_DISMISSED, [dismissed])),
  };
}

async function importUsers(client: pg.PoolClient, users: StaffUser[]): Promise<number> {
  let added = 0;
  for (const u of users) {
    // An account already in the database stays as it is: its password may have been changed there.
    const { rowCount } = await client.query('INSERT INTO staff_users (name, password_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [u.name, u.passwordHash, u.createdAt]);
    added += rowCount ?? 0;
  }
  return added;
}

export async function importLowdbFolder(db: Database, dir: string): Promise<ImportReport> {
  const folder = await readFolder(dir);
  const added = await inTransaction(db, async (client) => ({
    feedback: await importFeedback(client, folder.feedback),
    ...(await importLogs(client, folder)),
    staffUsers: await importUsers(client, folder.staffUsers.users),
  }));
  const sizes: Record<keyof typeof DATA_FILES, number> = {
    feedback: folder.feedback.records.length,
    questions: folder.questions.questions.length,
    ratings: folder.ratings.ratings.length,
    usage: folder.usage.events.length,
    console: folder.console.audit.length + folder.console.dismissed.length,
    staffUsers: folder.staffUsers.users.length,
  };
  return Object.fromEntries(Object.entries(added).map(([k, n]) => [k, { added: n, present: sizes[k as keyof typeof DATA_FILES] - n }])) as ImportReport;
}
