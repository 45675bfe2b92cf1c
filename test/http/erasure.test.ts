// Issue 20, item 4: a clerk's erasure reaches every place the citizen's words were kept. A report is
// filed through the real server's web chat (self-hosted Direct Line) with a name and a phone in its
// first message; after the clerk erases the record, neither is in any store, any file under the
// data folder, any table of the PostgreSQL schema, the transcript or the staff console.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/common/logger.js';
import { readConfig } from '../../src/config/config.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';
import { REFERENCE } from '../support/botClient.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { STAFF, startStaffFixture, type StaffFixture } from '../support/staffFixture.js';
import { WebChatVisitor } from '../support/webChat.js';

const NAME = 'Тестов';
const PHONE = '0888123456';
const FIRST_MESSAGE = `Иван ${NAME} ${PHONE}: контейнерите на ул. „Рила“ 5 не са извозени от две седмици и миризмата е ужасна.`;
const MARKERS = [NAME, PHONE];
const LATER_QUESTION = `Пак е ${NAME}: има ли общината зимен басейн за плуване?`;

const postgresUp = await postgresAvailable();
const backends = postgresUp ? (['lowdb', 'postgres'] as const) : (['lowdb'] as const);

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = (cookie: string) => ({ 'content-type': 'application/x-www-form-urlencoded', cookie });

/** Every file under `dir`, with its text. */
async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path, text: await readFile(path, 'utf8') });
  }
  return out;
}

/** Every row of every table of the schema, as text. */
async function rowsOf(schema: TestSchema): Promise<Array<{ path: string; text: string }>> {
  const { rows: tables } = await schema.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'", [schema.schema]);
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['feedback_records', 'unanswered_questions', 'dl_activities', 'bot_state']));
  const out: Array<{ path: string; text: string }> = [];
  for (const { table_name } of tables) {
    const { rows } = await schema.db.query<{ row: string }>(`SELECT t::text AS row FROM "${schema.schema}"."${table_name}" t`);
    for (const r of rows) out.push({ path: `table ${table_name}`, text: r.row });
  }
  return out;
}

/** Where any marker is still found, as "place: marker". */
function found(places: Array<{ path: string; text: string }>): string[] {
  return places.flatMap((p) => MARKERS.filter((m) => p.text.includes(m)).map((m) => `${p.path}: ${m}`));
}

describe.each(backends)('erasing a record erases the citizen’s words everywhere (%s)', (backend) => {
  let fx: StaffFixture;
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    schema = backend === 'postgres' ? await freshSchema() : undefined;
    fx = await startStaffFixture(schema ? { DATABASE_URL: schema.url } : {});
  });
  afterAll(async () => {
    await fx.stop();
    await schema?.drop();
  });

  it('a report with a name and a phone in its first message, erased by a clerk, leaves them nowhere', async () => {
    const visitor = await WebChatVisitor.start(fx.base);
    const say = async (text: string) => {
      const { status, id } = await visitor.post(text);
      expect(status).toBe(200);
      return (await visitor.repliesTo(id, 10_000)).join('\n');
    };
    expect(await say(FIRST_MESSAGE)).toMatch(/Разбрах/);
    expect(await say('Да')).toMatch(/Искате ли да оставите име/);
    expect(await say('Анонимно')).toContain(PHONE); // the summary repeats the description
    const reference = REFERENCE.exec(await say('Потвърждавам'))![1];
    // A later question of the same conversation the bot cannot answer: logged for staff, by the conversation's hash only.
    await say(LATER_QUESTION);

    // Before the erasure the words are where the test looks: the record, the log, the transcript.
    expect((await fx.app.feedback.getByReference(reference))?.description).toContain(PHONE);
    expect((await fx.app.questions.list()).some((q) => q.text.includes(PHONE) && q.registered?.reference === reference)).toBe(true);
    // The transcript kept outside memory: its table on PostgreSQL, its file on lowdb (written behind within a second).
    const keptTranscript = async () =>
      schema
        ? (await schema.db.query<{ row: string }>('SELECT t::text AS row FROM dl_activities t')).rows.map((r) => ({ path: 'table dl_activities', text: r.row }))
        : await filesUnder(join(fx.knowledgeDir, '..', 'data', 'directline')).catch(() => []);
    for (const deadline = Date.now() + 5000; found(await keptTranscript()).length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    expect(found(await keptTranscript())).not.toEqual([]);

    const login = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(STAFF), redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await (await fetch(`${fx.base}/staff/feedback/${encodeURIComponent(reference)}`, { headers: { cookie } })).text();
    expect(page).toContain(PHONE);
    // The console's grouping of the log has seen the later question before the erasure.
    expect(await (await fetch(`${fx.base}/staff/unanswered`, { headers: { cookie } })).text()).toContain('зимен басейн');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const erased = await fetch(`${fx.base}/staff/feedback/${encodeURIComponent(reference)}/erase`, { method: 'POST', headers: formHeaders(cookie), body: form({ _csrf: csrf }), redirect: 'manual' });
    expect(erased.status).toBe(303);
    // Another citizen's questions reach the log after the erasure: the log is as long again as the console last saw it.
    const other = await WebChatVisitor.start(fx.base);
    for (const question of ['Има ли общината зимна пързалка за кънки?', 'Кога отваря ботаническата градина?']) await other.repliesTo((await other.post(question)).id, 10_000);
    const unanswered = await (await fetch(`${fx.base}/staff/unanswered`, { headers: { cookie } })).text();
    expect(unanswered).toContain('пързалка');
    expect(unanswered).toContain('ботаническата');

    const places: Array<{ path: string; text: string }> = [];
    // The stores, as the app reads them.
    places.push({ path: 'feedback', text: JSON.stringify(await fx.app.feedback.list()) });
    places.push({ path: 'question log', text: JSON.stringify(await fx.app.questions.list()) });
    places.push({ path: 'ratings', text: JSON.stringify(await fx.app.ratings.list()) });
    const transcript = await fx.app.directLine!.store.since(visitor.conversationId, 0);
    places.push({ path: 'Direct Line store', text: JSON.stringify(transcript ?? {}) });
    // What the citizen's web chat reads back.
    places.push({ path: 'transcript poll', text: await visitor.transcript() });
    // The staff console.
    for (const path of ['/staff/feedback', `/staff/feedback/${encodeURIComponent(reference)}`, '/staff/feedback/export.csv', '/staff/unanswered', '/staff/reports']) {
      places.push({ path, text: await (await fetch(`${fx.base}${path}`, { headers: { cookie } })).text() });
    }
    // Everything written to disk and to the database (each store writes what is pending).
    await Promise.all([fx.app.questions.flush(), fx.app.ratings.flush(), fx.app.usage.flush(), fx.app.storage.flush()]);
    places.push(...(await filesUnder(join(fx.knowledgeDir, '..', 'data'))));
    if (schema) places.push(...(await rowsOf(schema)));

    expect(places.length).toBeGreaterThan(8);
    expect(found(places)).toEqual([]);
    // The record stays, for statistics and the citizen's status check.
    expect(await fx.app.feedback.getByReference(reference)).toMatchObject({ description: '[erased]', kind: 'signal' });
  }, 60_000);
});

describe.each(backends)('the unanswered-question log follows RETENTION_DAYS (%s)', (backend) => {
  it('an entry older than the retention is pruned when the server starts', async () => {
    const { dir, cleanup } = await withTempDir();
    const schema = backend === 'postgres' ? await freshSchema() : undefined;
    const entry = (id: string, time: string) => ({ id, time, text: FIRST_MESSAGE, lang: 'bg', channel: 'directline', conversation: '0123456789abcdef', reason: 'abstain', candidates: [] });
    const entries = [entry('old', '2020-01-01T00:00:00.000Z'), entry('recent', new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString())];
    if (schema) for (const e of entries) await schema.db.query('INSERT INTO unanswered_questions (id, question) VALUES ($1, $2::jsonb)', [e.id, JSON.stringify(e)]);
    else await writeFile(join(dir, 'questions.json'), JSON.stringify({ questions: entries }));
    const app = await createApp(readConfig({ DATA_DIR: dir, KNOWLEDGE_DIR: paths.knowledgeDir, RETENTION_DAYS: '30', ...(schema ? { DATABASE_URL: schema.url } : {}) }), createLogger('silent'));
    try {
      const deadline = Date.now() + 10_000;
      while ((await app.questions.list()).length > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect((await app.questions.list()).map((q) => q.id)).toEqual(['recent']);
      await app.questions.flush();
      if (!schema) expect((JSON.parse(await readFile(join(dir, 'questions.json'), 'utf8')) as { questions: Array<{ id: string }> }).questions.map((q) => q.id)).toEqual(['recent']);
    } finally {
      await app.stop();
      await schema?.drop();
      await cleanup();
    }
  }, 60_000);
});
