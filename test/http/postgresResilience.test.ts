// The real server on PostgreSQL (a child process) when the database or a peer misbehaves: a
// serviceUrl that never answers, the database ending a turn's lock connection, every lock
// connection taken, slow turns beside a web chat question, and text PostgreSQL cannot store (NUL,
// half an emoji). Each time the process stays up and the citizen gets an answer or a polite
// sentence, never silence. Skipped without PostgreSQL (unless REQUIRE_POSTGRES=1).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { conversationKey } from '../../src/channels/turnLock.js';
import { BotConversation, COMPLAINT_SCRIPT, REFERENCE } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { startInstance, stopInstance, type Instance } from '../support/instances.js';
import { root } from '../support/paths.js';
import { freshSchema, POSTGRES_URL, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { startSilentServer, type SilentServer } from '../support/silentServer.js';
import { withTempDir } from '../support/tempDir.js';
import { WebChatVisitor } from '../support/webChat.js';

const available = await postgresAvailable();

/** The name this file's server gives its connections, so that only they are found and cut. */
const APP_NAME = `resilience_${randomBytes(4).toString('hex')}`;
/** Seconds the server waits for a serviceUrl to answer a send (SERVICE_URL_TIMEOUT_SECONDS). */
const SEND_TIMEOUT_SECONDS = 3;

let schema: TestSchema;
let connector: CaptureServer;
let silent: SilentServer;
let instance: Instance;
let admin: pg.Client;
let cleanup: () => Promise<void>;
let bg: { bot: Record<string, string>; feedback: Record<string, string> };

/** Resolves with `promise`, or rejects when it has not settled within `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Polls `probe` until it gives a value, for up to `ms`. */
async function waitFor<T>(ms: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Posts a message to /api/messages whose replies go to `serviceUrl`; resolves with the HTTP status. */
async function postTo(serviceUrl: string, conversationId: string, text: string): Promise<number> {
  const res = await fetch(`${instance.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message', id: `m-${randomBytes(4).toString('hex')}`, text, channelId: 'test', serviceUrl, locale: 'bg-BG',
      from: { id: `user-${conversationId}` }, recipient: { id: 'bot' }, conversation: { id: conversationId },
    }),
  });
  await res.text();
  return res.status;
}

const alive = () => instance.process.exitCode === null && instance.process.signalCode === null;

/** Turn locks (advisory locks) this file's server holds now. */
async function turnLocksHeld(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1",
    [APP_NAME],
  );
  return rows[0].n;
}

const heirsQuestion = 'Как да получа удостоверение за наследници?';

beforeAll(async () => {
  if (!available) return;
  schema = await freshSchema();
  connector = await startCaptureServer();
  silent = await startSilentServer();
  const temp = await withTempDir();
  cleanup = temp.cleanup;
  bg = JSON.parse(await readFile(join(root, 'locales', 'bg.json'), 'utf8')) as typeof bg;
  admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  instance = await startInstance(temp.dir, 'resilience', {
    DATABASE_URL: `${schema.url}&application_name=${APP_NAME}`,
    SERVICE_URL_TIMEOUT_SECONDS: String(SEND_TIMEOUT_SECONDS),
    HASH_SALT: 'resilience-salt',
    DIRECTLINE_TOKEN_SECRET: 'resilience-secret',
  });
}, 120_000);

afterAll(async () => {
  if (!available) return;
  await stopInstance(instance);
  await admin.end();
  await connector.close();
  await silent.close();
  await schema.drop();
  await cleanup();
}, 60_000);

(available ? describe : describe.skip)('the server on PostgreSQL when the database or a peer misbehaves', () => {
  afterEach(() => {
    expect({ alive: alive(), stderr: alive() ? '' : instance.stderr() }).toEqual({ alive: true, stderr: '' });
  });

  it('a turn whose serviceUrl never answers holds neither its conversation nor its request (break 1)', async () => {
    const id = 'silent-service-url';
    const stuck = postTo(silent.url, id, 'Здравейте');
    await waitFor(10_000, 'the send to the silent serviceUrl', async () => (silent.received() > 0 ? true : undefined));
    // The turn's lock was released before its reply went out, not when the send gives up.
    expect(await turnLocksHeld()).toBe(0);
    // The next turn of the same conversation is answered while the first one's send still hangs.
    const answer = await within(10_000, 'the next turn of the conversation', new BotConversation(instance.base, connector, id).say(heirsQuestion));
    expect(answer).toMatch(/наследници/i);
    // The stalled send gives up after SERVICE_URL_TIMEOUT_SECONDS and the request is answered.
    expect(await within(6 * SEND_TIMEOUT_SECONDS * 1000, 'the stalled request', stuck)).toBe(200);
  }, 60_000);

  it('the database ending a lock connection mid-turn fails that turn politely, and only it (break 1)', async () => {
    const id = 'lock-connection-cut';
    const citizen = new BotConversation(instance.base, connector, id);
    expect(await citizen.say(COMPLAINT_SCRIPT[0])).toContain(bg.feedback.askDescription.split('(')[0].trim());
    // Stall the turn's state write behind a row lock, then cut the connection that holds its turn lock.
    const blocker = new pg.Client({ connectionString: POSTGRES_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM ${schema.schema}.bot_state WHERE key = $1 FOR UPDATE`, [conversationKey('test', id)]);
      const turn = citizen.say(COMPLAINT_SCRIPT[1]);
      const holder = await waitFor(10_000, 'a turn waiting on the row lock', async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1
             AND EXISTS (SELECT 1 FROM pg_stat_activity w WHERE w.application_name = $1 AND w.wait_event_type = 'Lock')`,
          [APP_NAME],
        );
        return rows[0]?.pid;
      });
      await admin.query('SELECT pg_terminate_backend($1)', [holder]);
      await blocker.query('ROLLBACK');
      expect(await within(15_000, 'the failed turn', turn)).toBe(bg.bot.retry);
    } finally {
      await blocker.end();
    }
    // Nothing of the failed turn was kept: the description sent again is taken as the description.
    expect(await citizen.say(COMPLAINT_SCRIPT[1])).toContain(bg.feedback.askContact);
  }, 60_000);

  it('a complaint whose record cannot be stored is given no reference number, only the apology (break 5)', async () => {
    const citizen = new BotConversation(instance.base, connector, 'record-not-stored');
    for (const line of COMPLAINT_SCRIPT.slice(0, 3)) await citizen.say(line);
    const year = new Date().getUTCFullYear();
    await admin.query(`INSERT INTO ${schema.schema}.feedback_sequences (year, last) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING`, [year]);
    const before = await admin.query(`SELECT count(*)::int AS n FROM ${schema.schema}.feedback_records`);
    // Stall the numbering behind a row lock, then cut the connection that waits for it.
    const blocker = new pg.Client({ connectionString: POSTGRES_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM ${schema.schema}.feedback_sequences WHERE year = $1 FOR UPDATE`, [year]);
      const confirmed = citizen.say(COMPLAINT_SCRIPT[3]);
      const waiting = await waitFor(10_000, 'the record waiting for its number', async () => {
        const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [APP_NAME]);
        return rows[0]?.pid;
      });
      await admin.query('SELECT pg_terminate_backend($1)', [waiting]);
      const reply = await within(15_000, 'the confirmation', confirmed);
      expect(reply).toContain(bg.feedback.saveFailed.split('{{')[0]);
      expect(reply).not.toMatch(REFERENCE);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema.schema}.feedback_records`)).rows).toEqual(before.rows);
  }, 60_000);

  it('20 slow turns do not starve a web chat question: it is answered (break 2)', async () => {
    const before = silent.received();
    const slow = Array.from({ length: 20 }, (_, i) => postTo(silent.url, `slow-${i}`, heirsQuestion));
    await waitFor(15_000, 'the slow turns reaching their serviceUrl', async () => (silent.received() - before >= slow.length ? true : undefined));
    // Every slow turn's send hangs, and none of them holds a lock connection meanwhile.
    expect(await turnLocksHeld()).toBe(0);
    const visitor = await WebChatVisitor.start(instance.base);
    const posted = await visitor.post(heirsQuestion);
    expect(posted.status).toBe(200);
    const replies = await visitor.repliesTo(posted.id, 15_000);
    // Answered, not told the bot is busy: nothing is waiting for a lock connection.
    expect(replies.join('\n')).toMatch(/наследници/i);
    expect(replies).not.toContain(bg.bot.busy);
    expect(await within(30_000, 'the slow turns', Promise.all(slow))).toEqual(slow.map(() => 200));
  }, 90_000);

  it('with every lock connection taken, a web chat question is told to try again (break 2)', async () => {
    // Hold the turn locks of 16 conversations, so that their turns take every lock connection and wait.
    const holder = new pg.Client({ connectionString: POSTGRES_URL });
    await holder.connect();
    const ids = Array.from({ length: 16 }, (_, i) => `held-${i}`);
    const visitor = await WebChatVisitor.start(instance.base);
    try {
      for (const id of ids) await holder.query("SELECT pg_advisory_lock(hashtextextended('turn:' || $1, 0))", [conversationKey('test', id)]);
      const waiting = ids.map((id) => new BotConversation(instance.base, connector, id).say(heirsQuestion));
      await waitFor(10_000, 'the turns waiting for their locks', async () => {
        const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [APP_NAME]);
        return rows[0].n >= ids.length ? true : undefined;
      });
      const posted = await visitor.post(heirsQuestion);
      expect(posted.status).toBe(200);
      expect(await visitor.repliesTo(posted.id, 15_000)).toStrictEqual([bg.bot.busy]);
      await holder.query('SELECT pg_advisory_unlock_all()');
      for (const answer of await within(20_000, 'the held turns', Promise.all(waiting))) expect(answer).toMatch(/наследници/i);
    } finally {
      await holder.end();
    }
  }, 60_000);

  it('a complaint with NUL and half an emoji is stored as told, and the dialog does not skip a step (break 5)', async () => {
    const citizen = new BotConversation(instance.base, connector, 'nul-and-half-emoji');
    const description = 'Чаках на гишето\u0000 повече от час \ud83d без обяснение.';
    await citizen.say(COMPLAINT_SCRIPT[0]);
    expect(await citizen.say(description)).toContain(bg.feedback.askContact);
    await citizen.say(COMPLAINT_SCRIPT[2]);
    const reference = REFERENCE.exec(await citizen.say(COMPLAINT_SCRIPT[3]))?.[1];
    expect(reference).toBeDefined();
    const { rows } = await admin.query<{ description: string }>(`SELECT record->>'description' AS description FROM ${schema.schema}.feedback_records WHERE reference = $1`, [reference]);
    // What the citizen wrote, whether the unstorable characters were replaced or dropped on the way.
    expect(rows[0].description).toMatch(/^Чаках на гишето.*повече от час.*без обяснение\.$/);
    expect(rows[0].description.includes('\u0000')).toBe(false);
    expect(rows[0].description).not.toMatch(/[\ud800-\udfff]/);
  }, 60_000);

  it('a web chat message with NUL and half an emoji is taken and answered (break 5)', async () => {
    const visitor = await WebChatVisitor.start(instance.base);
    const posted = await visitor.post('Как да получа удостоверение\u0000 за наследници? \ud83d');
    expect(posted.status).toBe(200);
    expect((await visitor.repliesTo(posted.id, 10_000)).join('\n')).toMatch(/наследници/i);
  }, 30_000);
});
