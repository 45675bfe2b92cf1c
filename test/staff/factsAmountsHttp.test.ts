// Amounts of money through the running console's facts form over HTTP, saved and read back exactly:
// from the YAML file (or the database row, on PostgreSQL), from the form shown again, and from the
// answer the bot now gives, shown next to the form.
//
// Which amounts: every one of the 10,000 from 0.00 to 99.99 € goes from the form's fields to the
// file and back through the same functions in factsForm.test.ts (about 3 s), and is read in every
// spelling in moneyInput.test.ts. Here 200 amounts spread over the whole range (one in each 50-cent
// band) and 20 edges go through the real form, three at a post (the form has three fee fields). All
// 10,000 this way would take 3,334 saves; each checks the whole knowledge base and reloads the bot
// (0.3–0.5 s on the test knowledge), 20 to 30 minutes. So the edges and the amounts of every other
// band are saved (40 saves), and those of the bands between are previewed: "Преглед" runs the same
// check and YAML edit, reads the file's new text back through the whole knowledge base's schema and
// renders the answer from it, and only skips writing the file and reloading the bot.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SPEEDS } from '../../src/knowledge/schema.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { STAFF, startStaffFixture, type StaffFixture } from '../support/staffFixture.js';

const SERVICE = 'kinship-certificate';
const PATH = `/staff/facts/service/${SERVICE}`;
const SPEED_NAME = { regular: 'Обикновена услуга', fast: 'Бърза услуга', express: 'Експресна услуга' } as const;
const EDGES = [0, 1, 9, 10, 29, 57, 99, 100, 101, 110, 115, 435, 999, 1000, 1001, 4999, 5050, 9990, 9998, 9999];
/** One amount in each 50-cent band of 0.00–99.99, at a spread offset in the band. */
const SPREAD = Array.from({ length: 200 }, (_, k) => k * 50 + ((k * 37 + 13) % 50));

const euro = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
/** The spellings a clerk may use, in turn. */
const SPELLINGS = [(c: number) => euro(c), (c: number) => euro(c).replace(',', '.'), (c: number) => `${euro(c)} €`, (c: number) => `€${euro(c).replace(',', '.')}`, (c: number) => `${euro(c)} EUR`];
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A signed-in clerk. */
async function signIn(fx: StaffFixture) {
  const res = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(STAFF).toString(), redirect: 'manual' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const page = async () => (await fetch(`${fx.base}${PATH}`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page())![1];
  const post = (fields: Record<string, string>) => fetch(`${fx.base}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(), redirect: 'manual' });
  return { page, post };
}

/** What the page shows after a save: each speed's fee field, and its fee in the answer next to the form. */
function readBack(page: string) {
  const field = (speed: string) => unescape(new RegExp(`name="${speed}_fee" value="([^"]*)"`).exec(page)?.[1] ?? '');
  const answer = unescape(/<pre class="text">([\s\S]*?)<\/pre>/.exec(page)?.[1] ?? '');
  const shown = (speed: keyof typeof SPEED_NAME) => new RegExp(`${SPEED_NAME[speed]}: [^\\n]* – ([^\\n(]+?)(?: \\(|\\n|$)`).exec(answer)?.[1];
  return { field, shown };
}

/**
 * Saves the amounts three at a time and reads each back, from `stored` and the form shown again; or,
 * without `stored`, previews them and reads each from the answer shown. Returns the amounts that did
 * not come back exactly.
 */
async function submitAndReadBack(fx: StaffFixture, amounts: number[], stored?: () => Promise<string>): Promise<string[]> {
  const clerk = await signIn(fx);
  const wrong: string[] = [];
  for (let i = 0; i < amounts.length; i += SPEEDS.length) {
    const batch = SPEEDS.map((speed, j) => [speed, amounts[i + j]] as const).filter(([, cents]) => cents !== undefined);
    const typed = batch.map(([speed, cents], j) => [speed, cents, SPELLINGS[(i + j) % SPELLINGS.length](cents)] as const);
    const res = await clerk.post({ ...Object.fromEntries(typed.map(([speed, , text]) => [`${speed}_fee`, text])), source_title: 'Наредба за местните такси, приложение 1', source_date: '2026-11-27', intent: stored ? 'save' : 'preview' });
    if (res.status !== (stored ? 303 : 200)) {
      wrong.push(`${typed.map(([, , text]) => text).join(' / ')}: answered ${res.status}`);
      continue;
    }
    const file = stored ? await stored() : undefined;
    const back = readBack(stored ? await clerk.page() : await res.text());
    for (const [speed, cents, text] of typed) {
      const yaml = `- speed: ${speed}\n      fee:\n        eur: ${euro(cents).replace(',', '.')}\n`;
      const answer = cents === 0 ? 'безплатно' : `${euro(cents)} €`;
      const saved = file === undefined || (file.includes(yaml) && back.field(speed) === euro(cents));
      if (!saved || back.shown(speed) !== answer) wrong.push(`${text} (${speed}): field ${back.field(speed)}, answer ${back.shown(speed)}`);
    }
  }
  return wrong;
}

describe('amounts through the facts form, on lowdb', () => {
  let fx: StaffFixture;
  beforeAll(async () => {
    fx = await startStaffFixture();
  });
  afterAll(async () => {
    await fx.stop();
  });
  const file = () => readFile(join(fx.knowledgeDir, 'services', `${SERVICE}.yaml`), 'utf8');

  it('are saved and read back exactly: the edges and 100 spread over 0.00–99.99 €', async () => {
    expect(await submitAndReadBack(fx, [...EDGES, ...SPREAD.filter((_, k) => k % 2 === 0)], file)).toEqual([]);
  }, 120_000);

  it('are previewed exactly: 100 more spread over 0.00–99.99 €', async () => {
    const before = await file();
    expect(await submitAndReadBack(fx, SPREAD.filter((_, k) => k % 2 === 1))).toEqual([]);
    expect(await file()).toBe(before);
  }, 60_000);

  it('take leva, converted at 1.95583 and rounded to the cent, with the leva in the file and in the answer', async () => {
    const clerk = await signIn(fx);
    const res = await clerk.post({ regular_fee: '10 лв', fast_fee: '10 лв.', express_fee: '195,56 лева', source_title: 'Наредба за местните такси, приложение 1', intent: 'save' });
    expect(res.status).toBe(303);
    expect(await file()).toMatch(/eur: 5\.11\n\s+bgn: 10\.00\n[\s\S]*eur: 99\.99\n\s+bgn: 195\.56\n/);
    const back = readBack(await clerk.page());
    expect(back.field('express')).toBe('99,99');
    expect(back.shown('express')).toBe('99,99 €');
    expect(await clerk.page()).toContain('по източника 195,56 лв., превърнати по курс 1,95583');
  });

  it('that are not amounts come back with the reason next to the field, and nothing is saved', async () => {
    const clerk = await signIn(fx);
    const before = await file();
    const res = await clerk.post({ regular_fee: '1.234', fast_fee: '-5', express_fee: '5 долара', source_title: 'Наредба', intent: 'save' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/id="regular_fee"[^>]*aria-invalid="true" aria-describedby="regular_fee-error"/);
    expect(page).toMatch(/<span class="field-error" id="regular_fee-error">Такса – Обикновена услуга: не е ясно дали точката \(или запетаята\) отделя хилядите/);
    expect(page).toMatch(/<span class="field-error" id="fast_fee-error">Такса – Бърза услуга: не може да е отрицателна/);
    expect(page).toMatch(/<span class="field-error" id="express_fee-error">Такса – Експресна услуга: пишете сумата в евро/);
    expect(await file()).toBe(before);
  });
});

const available = await postgresAvailable();

(available ? describe : describe.skip)('amounts through the facts form, on PostgreSQL', () => {
  let schema: TestSchema;
  let fx: StaffFixture;
  beforeAll(async () => {
    schema = await freshSchema();
    fx = await startStaffFixture({ DATABASE_URL: schema.url });
  });
  afterAll(async () => {
    await fx?.stop();
    await schema?.drop();
  });

  it('are saved in the database and read back exactly: the edges', async () => {
    const row = async () => (await schema.db.query<{ content: string }>('SELECT content FROM knowledge_files WHERE path = $1', [`services/${SERVICE}.yaml`])).rows[0]?.content ?? '';
    expect(await submitAndReadBack(fx, EDGES, row)).toEqual([]);
    expect(await readFile(join(fx.knowledgeDir, 'services', `${SERVICE}.yaml`), 'utf8')).toBe(await row());
  }, 60_000);
});
