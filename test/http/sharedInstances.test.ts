// Two instances of the bot in one process on one PostgreSQL schema, as behind a load balancer
// (skipped without a server): a Direct Line token and conversation work on either, a stream on one
// carries the answer to a message posted to the other, and a fact a clerk saves on one is answered
// by the other within a second, also when two clerks save different facts of one file at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { App } from '../../src/app.js';
import { viewToText } from '../../src/render/answerView.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { STAFF, startStaffFixture, type StaffFixture } from '../support/staffFixture.js';

const available = await postgresAvailable();

interface StreamActivity {
  id: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id: string };
}

const SOURCE = { source_title: 'Наредба за определянето и администрирането на местните такси, чл. 110', source_date: '2026-11-27' };

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The fields of the form on a console page, as a browser would post them back (a checkbox only when ticked). */
function formFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [tag] of page.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (name && (!/type="checkbox"/.test(tag) || /\bchecked\b/.test(tag))) fields[name] = unescape(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const m of page.matchAll(/<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]] = unescape(m[2]);
  return fields;
}

/** A signed-in clerk on one instance. */
async function clerk(fx: StaffFixture) {
  const res = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(STAFF).toString(), redirect: 'manual' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return {
    page: async (path: string) => (await fetch(`${fx.base}${path}`, { headers: { cookie } })).text(),
    post: (path: string, fields: Record<string, string>) =>
      fetch(`${fx.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(fields).toString(), redirect: 'manual' }),
  };
}

const answerOf = (app: App, question: string) => viewToText(app.assistant.reply(app.assistant.understand(question, { lang: 'bg' })));

async function within(ms: number, what: string, condition: () => boolean | Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

(available ? describe : describe.skip)('two instances on one database', () => {
  let schema: TestSchema;
  let a: StaffFixture;
  let b: StaffFixture;
  beforeAll(async () => {
    schema = await freshSchema();
    const env = { DATABASE_URL: schema.url, DIRECTLINE_TOKEN_SECRET: 'one-secret-for-every-instance' };
    [a, b] = await Promise.all([startStaffFixture(env), startStaffFixture(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await schema.drop();
  });

  it("takes A's token on B, and streams on B the answer to a message posted to A", async () => {
    const { token, conversationId, userId } = (await (await fetch(`${a.base}/api/directline/token`, { method: 'POST' })).json()) as { token: string; conversationId: string; userId: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = await fetch(`${b.base}/v3/directline/conversations`, { method: 'POST', headers: auth });
    expect(started.status).toBe(201);
    const { streamUrl } = (await started.json()) as { streamUrl: string };
    expect((await fetch(`${a.base}/v3/directline/conversations`, { method: 'POST', headers: auth })).status).toBe(200); // started once

    const seen: StreamActivity[] = [];
    const ws = new WebSocket(streamUrl);
    ws.on('message', (data) => seen.push(...(JSON.parse(String(data)) as { activities: StreamActivity[] }).activities));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    try {
      await within(5000, 'the welcome on B', () => seen.some((x) => x.from.id === 'bot' && (x.text ?? '').startsWith('Здравейте!')));
      const posted = await fetch(`${a.base}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ type: 'message', from: { id: userId }, text: 'Как да получа удостоверение за наследници?' }),
      });
      expect(posted.status).toBe(200);
      const { id } = (await posted.json()) as { id: string };
      await within(5000, "the bot's answer on B", () => seen.some((x) => x.replyToId === id && x.from.id === 'bot'));
      expect(seen.filter((x) => x.id === id)).toHaveLength(1); // the echo, once

      // Polling works on either instance, with the same watermarks.
      const poll = async (base: string) => (await (await fetch(`${base}/v3/directline/conversations/${conversationId}/activities?watermark=1`, { headers: auth })).json()) as { activities: StreamActivity[]; watermark: string };
      const [onA, onB] = await Promise.all([poll(a.base), poll(b.base)]);
      expect(onA).toEqual(onB);
      expect(onA.activities.map((x) => x.id)).toContain(id);
      // The conversation's state is in the database, not in either instance's DATA_DIR.
      const state = await schema.db.query('SELECT 1 FROM bot_state WHERE key = $1', [`directline/conversations/${conversationId}/`]);
      expect(state.rowCount).toBe(1);
    } finally {
      ws.terminate();
    }
  });

  it('answers on B, within a second, with a fee a clerk saved on A', async () => {
    const question = 'Колко струва удостоверение за родствени връзки?';
    expect(answerOf(b.app, question)).not.toContain('12,50');
    const maria = await clerk(a);
    const form = formFields(await maria.page('/staff/facts/service/kinship-certificate'));
    const res = await maria.post('/staff/facts/service/kinship-certificate', { ...form, ...SOURCE, regular_amount: '7', regular_unit: 'days', regular_days: 'working', regular_fee: '12,50', intent: 'save' });
    expect(res.status).toBe(303);
    expect(answerOf(a.app, question)).toContain('12,50 €');
    await within(1000, 'the new fee on B', () => answerOf(b.app, question).includes('12,50 €'));
    expect(await readFile(join(b.knowledgeDir, 'services', 'kinship-certificate.yaml'), 'utf8')).toContain('source: staff-2026-11-27');
  });

  it('keeps both of two different facts of one file saved at once on A and on B', async () => {
    const [onA, onB] = await Promise.all([clerk(a), clerk(b)]);
    // Both forms are opened before either is saved, as by two clerks at their desks.
    const [formA, formB] = await Promise.all([onA.page('/staff/facts/municipality'), onB.page('/staff/facts/municipality')]).then((pages) => pages.map(formFields));
    expect(formA._seen).toBeTruthy();
    const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [`hours_${d}`, '08:00-17:00']));
    const saved = await Promise.all([
      onA.post('/staff/facts/municipality', { ...formA, hours_source_title: SOURCE.source_title, ...week, intent: 'save' }),
      onB.post('/staff/facts/municipality', { ...formB, payment_source_title: SOURCE.source_title, iban: 'BG80 BNBG 9661 1020 3456 78', bic: 'BNBGBGSD', intent: 'save' }),
    ]);
    expect(saved.map((r) => r.status)).toEqual([303, 303]);
    for (const fx of [a, b]) {
      await within(1000, 'both changes on each instance', () => {
        const bank = answerOf(fx.app, 'Каква е банковата сметка на общината?');
        return bank.includes('BG80BNBG96611020345678') && !answerOf(fx.app, 'Отворено ли е сега?').includes('не е потвърдено');
      });
      const file = await readFile(join(fx.knowledgeDir, 'municipality.yaml'), 'utf8');
      expect(file).toContain('iban: BG80BNBG96611020345678');
      expect(file).toMatch(/weekly:/);
    }
    const stored = await schema.db.query<{ version: number; updated_by: string }>("SELECT version, updated_by FROM knowledge_files WHERE path = 'municipality.yaml'");
    expect(stored.rows[0]).toEqual({ version: 2, updated_by: STAFF.user });
  });
});
