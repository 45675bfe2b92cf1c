// Issue 22, item 5, over real HTTP on both stores: the feedback list filtered by kind, statuses,
// category, place and days, grouped with counts, and the CSV export of exactly the records the page
// lists, in its order, for many views; a query the form cannot send is refused politely (400),
// never answered with an error of the server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, sofiaTime } from '../../src/dates/sofiaTime.js';
import type { NewFeedback } from '../../src/feedback/types.js';
import { BotConversation, REFERENCE } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { STAFF, startStaffFixture, type StaffFixture } from '../support/staffFixture.js';

const postgresUp = await postgresAvailable();
const backends = postgresUp ? (['lowdb', 'postgres'] as const) : (['lowdb'] as const);

/** What the test made, to say which records a view must hold without asking the console. */
interface Made {
  reference: string;
  kind: string;
  category?: string;
  status: string;
  /** About ул. „Рила“, however written. */
  rila: boolean;
}

/** The references of the records a page lists, in its order (the first cell of each record's row). */
const pageRefs = (html: string) => [...html.matchAll(/<tr(?: class="overdue")?><td[^>]*><a href="\/staff\/feedback\/[^"]+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);
/** The references of a CSV's records, in its order (the first column; the header left out). */
const csvRefs = (csv: string) =>
  csv
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0]);

describe.each(backends)('the feedback list and its export (%s)', (backend) => {
  let fx: StaffFixture;
  let connector: CaptureServer;
  let schema: TestSchema | undefined;
  let cookie: string;
  const made: Made[] = [];
  const today = sofiaTime(new Date()).date;
  const get = (path: string) => fetch(`${fx.base}${path}`, { headers: { cookie } });

  async function record(input: Partial<NewFeedback> & { description: string }, status = 'received', rila = false): Promise<void> {
    const { record: r } = await fx.app.feedback.create({ kind: 'signal', lang: 'bg', channel: 'test', conversationId: `c-${made.length}`, ...input });
    if (status !== 'received') await fx.app.feedback.updateStatus(r.reference, status as 'closed', 'maria');
    made.push({ reference: r.reference, kind: r.kind, ...(r.category ? { category: r.category } : {}), status, rila });
  }

  beforeAll(async () => {
    connector = await startCaptureServer();
    schema = backend === 'postgres' ? await freshSchema() : undefined;
    fx = await startStaffFixture(schema ? { DATABASE_URL: schema.url } : {});
    // A citizen's report through the bot: the category and the place are the bot's reading.
    const citizen = new BotConversation(fx.base, connector, `list-${backend}`);
    await citizen.say('Контейнерите на ул. „Рила“ 5 не са извозени от две седмици.');
    await citizen.say('Да');
    await citizen.say('Анонимно');
    const reference = REFERENCE.exec(await citizen.say('Потвърждавам'))![1];
    const reported = (await fx.app.feedback.getByReference(reference))!;
    expect(reported).toMatchObject({ category: 'waste', location: expect.stringMatching(/Рила/) });
    made.push({ reference, kind: reported.kind, category: 'waste', status: 'received', rila: true });

    await record({ category: 'waste', location: 'улица Рила 12', description: 'Кофите преливат.', contact: { name: 'Мария' }, consent: true }, 'in_progress', true);
    await record({ category: 'street-lighting', location: 'ул. Мизия 3', description: 'Лампата не свети.' });
    await record({ category: 'waste', location: 'Rila 7', description: '=HYPERLINK("http://example.com","x")' }, 'closed', true);
    await record({ kind: 'complaint', description: 'Чаках на гишето час.', contact: { name: 'Иван' }, consent: true }, 'answered');
    await record({ kind: 'proposal', location: 'кв. Изток', description: 'Пейки в парка <img src=x onerror=alert(1)>' });
    await record({ category: 'street-lighting', location: 'ул. „Рила“ 20', description: 'Тъмно е.' }, 'received', true);

    const login = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(STAFF).toString(), redirect: 'manual' });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  }, 60_000);
  afterAll(async () => {
    await fx?.stop();
    await connector?.close();
    await schema?.drop();
  });

  const views: Array<[string, (m: Made) => boolean]> = [
    ['', () => true],
    ['kind=signal', (m) => m.kind === 'signal'],
    ['status=received&status=in_progress', (m) => ['received', 'in_progress'].includes(m.status)],
    ['category=waste', (m) => m.category === 'waste'],
    ['category=none', (m) => m.category === undefined],
    [`place=${encodeURIComponent('ул. Рила')}`, (m) => m.rila],
    [`category=waste&status=received&status=closed&place=${encodeURIComponent('РИЛА')}`, (m) => m.category === 'waste' && m.status !== 'in_progress' && m.rila],
    ['kind=proposal&kind=signal', (m) => m.kind === 'proposal'], // the first of a parameter sent twice, as everywhere
    [`from=${today}&to=${today}`, () => true],
    [`to=${addDays(today, -1)}`, () => false],
    ['group=place&sort=due', () => true],
    ['group=category&status=received', (m) => m.status === 'received'],
    ['group=status&kind=signal', (m) => m.kind === 'signal'],
  ];

  it.each(views)('?%s: the page lists the records asked for, and the CSV holds exactly those, in the same order', async (query, wanted) => {
    const page = await get(`/staff/feedback?${query}`);
    expect(page.status).toBe(200);
    const listed = pageRefs(await page.text());
    expect([...listed].sort()).toEqual(made.filter(wanted).map((m) => m.reference).sort());
    const csv = await get(`/staff/feedback/export.csv?${query}`);
    expect(csv.status).toBe(200);
    expect(csvRefs(await csv.text())).toEqual(listed);
  });

  it('the export link of a filtered page is the same view', async () => {
    const html = await (await get(`/staff/feedback?category=waste&group=place&place=${encodeURIComponent('Рила')}`)).text();
    const link = /<a href="(\/staff\/feedback\/export\.csv\?[^"]+)" download>/.exec(html)![1].replace(/&amp;/g, '&');
    expect(link).toBe(`/staff/feedback/export.csv?category=waste&place=${encodeURIComponent('Рила')}&group=place`);
    expect(csvRefs(await (await get(link)).text())).toEqual(pageRefs(html));
  });

  it('groups with their counts, the largest first, each record once', async () => {
    const html = await (await get('/staff/feedback?group=place')).text();
    const summary = [...html.matchAll(/<tr><td><a href="#group-(\d+)"><bdi>([^<]+)<\/bdi><\/a><\/td><td>(\d+)<\/td><\/tr>/g)].map((m) => ({ label: m[2], count: Number(m[3]) }));
    expect(summary[0]).toEqual({ label: expect.stringMatching(/^(Рила|Rila)$/), count: made.filter((m) => m.rila).length });
    expect(summary.map((g) => g.count)).toEqual([...summary.map((g) => g.count)].sort((a, b) => b - a));
    expect(summary.map((g) => g.label)).toEqual(expect.arrayContaining(['Мизия', 'Изток', 'без място']));
    expect(summary.reduce((sum, g) => sum + g.count, 0)).toBe(made.length);
    expect(html).toContain(`<h2 id="group-1"><bdi>${summary[0].label}</bdi> <span class="meta">(${summary[0].count})</span></h2>`);

    const byCategory = await (await get('/staff/feedback?group=category')).text();
    expect(byCategory).toMatch(/<a href="#group-1"><bdi>Отпадъци и съдове за смет<\/bdi><\/a><\/td><td>3<\/td>/);
    expect(byCategory).toMatch(/<bdi>без категория<\/bdi><\/a><\/td><td>2<\/td>/);
  });

  it('the CSV is for Excel: a byte-order mark, the category by its title, and a formula as text', async () => {
    const bytes = new Uint8Array(await (await get('/staff/feedback/export.csv?category=waste')).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.split('\r\n')[0]).toMatch(/^Номер,Вид,Категория,Статус,/);
    expect(csv).toContain(`"'=HYPERLINK(""http://example.com"",""x"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("citizen's text stays text in the list", async () => {
    const html = await (await get('/staff/feedback?kind=proposal')).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  });

  it.each([
    ['status=lost', 'status=lost', 'Статус'],
    ['kind=%FF', 'kind=%FF', 'Вид'],
    ['category=no-such-category', 'category=no-such-category', 'Категория'],
    ['from=2026-13-01', 'from=2026-13-01', 'От дата'],
    ['from=2026-05-02&to=2026-05-01', 'from=2026-05-02&to=2026-05-01', 'До дата'],
    ['group=kind', 'group=kind', 'Групирай по'],
    ['place of 201 characters', `place=${'я'.repeat(201)}`, 'Място'],
  ])('%s is refused with the field named: a page that keeps the form, and a JSON error for the export', async (_case, query, field) => {
    const page = await get(`/staff/feedback?${query}`);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toMatch(new RegExp(`<p class="error" role="alert">„${field}“`));
    expect(html).toContain('<form method="get" action="/staff/feedback"');
    expect(pageRefs(html)).toEqual([]);
    const csv = await get(`/staff/feedback/export.csv?${query}`);
    expect(csv.status).toBe(400);
    expect(await csv.json()).toEqual({ error: { code: 'BadRequest', message: expect.stringContaining(`„${field}“`) } });
  });

  it('the export names the view in the audit log', async () => {
    await get('/staff/feedback/export.csv?status=received&status=closed&category=none');
    const last = (await fx.app.consoleStore.auditLog()).filter((a) => a.action === 'export-feedback').at(-1)!;
    expect(last.details).toBe(`${made.filter((m) => m.category === undefined && ['received', 'closed'].includes(m.status)).length} record(s) status=received|closed, category=none`);
  });
});
