// npm run staff -- add-user <name>            creates or resets a staff account (asks for the password)
// npm run staff -- unanswered [--since 7d]     groups of questions the bot could not answer
// npm run staff -- export-feedback file.csv    all feedback records as CSV for Excel
// npm run staff -- stats                       the dashboard's numbers
// Works on the same stores as the running bot (PostgreSQL with DATABASE_URL, else the files under
// DATA_DIR); it only reads them, except for the accounts, which the bot reads again at each sign-in.
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Assistant } from '../answer/assistant.js';
import { openRecordStores } from '../storage/openRecordStores.js';
import type { RecordStores } from '../storage/recordStores.js';
import { feedbackCsv } from '../staff/csv.js';
import { categoryTitleOf } from '../staff/feedbackList.js';
import { buildDashboard } from '../staff/dashboard.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../staff/passwords.js';
import { USER_NAME } from '../staff/staffUsers.js';
import { groupUnanswered } from '../staff/unansweredGroups.js';
import { readConfigOrExit } from './cliConfig.js';

const config = readConfigOrExit();

/** The stores, closed again after `work`. The tool never numbers a record, so it needs no reference prefix. */
async function withStores<T>(work: (stores: RecordStores) => Promise<T>): Promise<T> {
  const stores = await openRecordStores(config, { prefix: '', salt: config.hashSalt }, 2);
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}

class UsageError extends Error {}

/** Reads a line without echoing it when typed at a terminal; from a pipe, reads it as is. */
async function readSecret(prompt: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? muted : undefined, terminal: process.stdin.isTTY });
  const line = await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
  rl.close();
  process.stderr.write('\n');
  return line;
}

function sinceDate(arg: string | undefined): Date | undefined {
  if (!arg) return undefined;
  const m = /^(\d+)([dh])$/.exec(arg);
  if (!m) throw new UsageError('--since takes a number of days or hours, for example 7d or 12h');
  return new Date(Date.now() - Number(m[1]) * (m[2] === 'd' ? 86_400_000 : 3_600_000));
}

async function addUser(name: string | undefined): Promise<void> {
  if (!name || !USER_NAME.test(name)) throw new UsageError('usage: npm run staff -- add-user <name>   (2–40 letters, digits, . _ -)');
  const password = await readSecret(`Password for ${name}: `);
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (process.stdin.isTTY && (await readSecret('Again: ')) !== password) throw new UsageError('the two passwords differ');
  const passwordHash = await hashPassword(password);
  await withStores(async (stores) => {
    await stores.staffUsers.save({ name, passwordHash, createdAt: new Date().toISOString() });
    await stores.consoleStore.audit({ user: 'cli', action: 'add-user', target: name });
  });
  console.log(`saved staff account "${name}"`);
}

async function unanswered(args: string[]): Promise<void> {
  const sinceIndex = args.indexOf('--since');
  const since = sinceDate(sinceIndex >= 0 ? args[sinceIndex + 1] : undefined);
  const [logged, dismissed] = await withStores((stores) => Promise.all([stores.questions.list(), stores.consoleStore.dismissed()]));
  const questions = logged.filter((q) => !since || new Date(q.time) >= since);
  const { pipeline } = (await Assistant.load(config)).index;
  const groups = groupUnanswered(questions, pipeline, dismissed);
  for (const g of groups) {
    console.log(`${String(g.count).padStart(4)}  ${g.last.slice(0, 16)}  [${g.langs.join(',')}] ${g.questions[g.questions.length - 1].text}`);
    if (g.candidates.length) console.log(`      candidates: ${g.candidates.map((c) => `${c.id} (${c.times})`).join(', ')}`);
  }
  console.log(`${groups.length} group(s), ${questions.length} question(s)`);
}

async function exportFeedback(file: string | undefined): Promise<void> {
  if (!file) throw new UsageError('usage: npm run staff -- export-feedback <file.csv>');
  const assistant = await Assistant.load(config);
  const t = assistant.renderContext('bg').t;
  const records = await withStores((stores) => stores.feedback.list());
  await writeFile(file, feedbackCsv(records, t, categoryTitleOf(assistant.kb.signals)), 'utf8');
  console.log(`${records.length} record(s) written to ${file}`);
}

async function stats(): Promise<void> {
  const assistant = await Assistant.load(config);
  const [usage, ratings, feedback] = await withStores((stores) => Promise.all([stores.usage.list(), stores.ratings.list(), stores.feedback.list()]));
  const d = buildDashboard({ usage, ratings, feedback, kb: assistant.kb, today: new Date(), days: 7 });
  console.log(`questions: ${d.total}, answered: ${(d.answeredShare * 100).toFixed(1)} %`);
  for (const p of d.perDay) console.log(`  ${p.day}  ${String(p.questions).padStart(5)} asked  ${String(p.answered).padStart(5)} answered`);
  console.log(`most asked: ${d.topEntries.map((e) => `${e.id} (${e.count})`).join(', ') || '-'}`);
  console.log(`least helpful: ${d.leastHelpful.map((e) => `${e.id} (${e.notUseful} of ${e.useful + e.notUseful})`).join(', ') || '-'}`);
  console.log(`feedback by kind: ${JSON.stringify(d.feedbackByKind)}; by status: ${JSON.stringify(d.feedbackByStatus)}`);
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = {
  'add-user': () => addUser(rest[0]),
  unanswered: () => unanswered(rest),
  'export-feedback': () => exportFeedback(rest[0]),
  stats,
};
const run = commands[command ?? ''];
if (!run) {
  console.error('usage: npm run staff -- add-user <name> | unanswered [--since 7d] | export-feedback <file.csv> | stats');
  process.exit(2);
}
run().catch((err: unknown) => {
  console.error(err instanceof UsageError ? err.message : `failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
