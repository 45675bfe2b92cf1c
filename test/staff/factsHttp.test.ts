// A clerk fills in the facts only the municipality has, over real HTTP: the list puts the missing
// and the most asked first; the form refuses bad values naming each next to its field and leaves the
// file as it was; the answer as the citizen sees it is next to the form, and a preview of it writes
// nothing; a save rewrites the YAML with each fact's own source and the bot answers with the new
// value at once, without a restart. (Amounts of money: factsAmountsHttp.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BotConversation } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { STAFF, startStaffFixture, type StaffFixture } from '../support/staffFixture.js';

let fx: StaffFixture;
let connector: CaptureServer;
let session: { cookie: string; csrf: string };
beforeAll(async () => {
  connector = await startCaptureServer();
  fx = await startStaffFixture();
  const res = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: formHeaders(), body: form(STAFF), redirect: 'manual' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const page = await (await fetch(`${fx.base}/staff/facts`, { headers: { cookie } })).text();
  session = { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1] };
});
afterAll(async () => {
  await fx.stop();
  await connector.close();
});

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
function formHeaders(cookie?: string) {
  return { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) };
}
const post = (path: string, fields: Record<string, string>) =>
  fetch(`${fx.base}${path}`, { method: 'POST', headers: formHeaders(session.cookie), body: form({ _csrf: session.csrf, ...fields }), redirect: 'manual' });

const SERVICE = 'kinship-certificate';
const SERVICE_PATH = `/staff/facts/service/${SERVICE}`;
const serviceFile = () => readFile(join(fx.knowledgeDir, 'services', `${SERVICE}.yaml`), 'utf8');
const SOURCE = { source_title: 'Наредба за определянето и администрирането на местните такси, чл. 110', source_date: '2026-11-27' };

describe('without a session', () => {
  it.each(['/staff/facts', SERVICE_PATH, '/staff/facts/municipality'])('GET %s redirects to the sign-in', async (path) => {
    const res = await fetch(`${fx.base}${path}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/login');
  });

  it.each([SERVICE_PATH, '/staff/facts/municipality'])('POST %s answers 401 and changes nothing', async (path) => {
    const before = await serviceFile();
    const res = await fetch(`${fx.base}${path}`, { method: 'POST', headers: formHeaders(), body: form({ ...SOURCE, regular_fee: '1', intent: 'save' }) });
    expect(res.status).toBe(401);
    expect(await serviceFile()).toBe(before);
  });
});

describe("a service's fees and deadlines", () => {
  const factsPage = async () => (await fetch(`${fx.base}/staff/facts`, { headers: { cookie: session.cookie } })).text();
  /** The links of the list's part "Още липсват", in order. */
  const missingLinks = (page: string) => [...(/Още липсват[\s\S]*?<\/table>/.exec(page)?.[0] ?? '').matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);

  it('are listed on the facts page while they are missing, the most asked first', async () => {
    const page = await factsPage();
    expect(missingLinks(page)).toContain(SERVICE_PATH);
    expect(missingLinks(page)).toEqual(expect.arrayContaining(['/staff/facts/municipality#hours', '/staff/facts/municipality#payment']));
    const asked = '/staff/facts/service/children-born-certificate';
    expect(missingLinks(page).indexOf(asked)).toBeGreaterThan(0);
    for (const id of ['a', 'b']) await new BotConversation(fx.base, connector, `facts-asked-${id}`).say('Колко струва удостоверение за родените от майката деца?');
    await fx.app.usage.flush();
    expect(missingLinks(await factsPage())[0]).toBe(asked);
  });

  it('show the answer as the citizen sees it now, next to the form', async () => {
    const page = await (await fetch(`${fx.base}${SERVICE_PATH}`, { headers: { cookie: session.cookie } })).text();
    expect(page).toMatch(/<div class="facts-layout"><form [\s\S]*<\/form><aside class="preview"[^>]*><h2 id="preview-heading">Така отговаря ботът сега<\/h2>/);
    expect(page).toMatch(/<pre class="text">Удостоверение за съпруг\/а и родствени връзки/);
  });

  it.each([
    ['a fee in words', { regular_fee: 'дванайсет' }, 'regular_fee'],
    ['a negative fee', { regular_fee: '-5' }, 'regular_fee'],
    ['a deadline of "abc"', { regular_amount: 'abc', regular_unit: 'days' }, 'regular_amount'],
    ['a date in the future', { regular_fee: '5', source_date: '2027-01-01' }, 'source_date'],
    ['no source', { regular_fee: '5', source_title: '' }, 'source_title'],
  ])('refuse %s, naming the field next to it, and leave the file as it was', async (_case, fields, field) => {
    const before = await serviceFile();
    const res = await post(SERVICE_PATH, { ...SOURCE, ...fields, intent: 'save' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(`href="#${field}"`);
    expect(page).toContain('role="alert"');
    expect(page).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="${field}-error"[^>]*>\\s*<span class="field-error" id="${field}-error">`));
    expect(await serviceFile()).toBe(before);
  });

  it('refuse a speed the form does not offer, posted directly, and leave the file as it was', async () => {
    const before = await serviceFile();
    const res = await post(SERVICE_PATH, { ...SOURCE, urgent_fee: '40', intent: 'save' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<a href="#urgent_fee">Непознат вид услуга „urgent“');
    expect(await serviceFile()).toBe(before);
  });

  it('escape what the clerk typed when the form comes back', async () => {
    const res = await post(SERVICE_PATH, { ...SOURCE, regular_fee: 'x', source_title: '<script>alert(1)</script>' });
    const page = await res.text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)');
  });

  it('show a preview of the answer that writes nothing', async () => {
    const before = await serviceFile();
    const res = await post(SERVICE_PATH, { ...SOURCE, regular_amount: '7', regular_unit: 'days', regular_days: 'working', regular_fee: '12,50', intent: 'preview' });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Така ще изглежда отговорът');
    expect(page).toContain('12,50 €');
    expect(page).toContain('7 работни дни');
    expect(await serviceFile()).toBe(before);
  });

  it('once saved, are in the file with their source, and the bot answers with them without a restart', async () => {
    const citizen = new BotConversation(fx.base, connector, 'facts-fee');
    expect(await citizen.say('Колко струва удостоверение за родствени връзки?')).not.toContain('12,50');

    const res = await post(SERVICE_PATH, { ...SOURCE, regular_amount: '7', regular_unit: 'days', regular_days: 'working', regular_fee: '12,50', intent: 'save' });
    expect(res.status).toBe(303);
    const file = await serviceFile();
    expect(file).toMatch(/speeds:\n {2}source: staff-2026-11-27\n/);
    expect(file).toContain('title: Наредба за определянето и администрирането на местните такси, чл. 110');
    expect(file).not.toMatch(/не са (потвърдени|публикувани)/);

    const answer = await new BotConversation(fx.base, connector, 'facts-fee-2').say('Колко струва удостоверение за родствени връзки?');
    expect(answer).toContain('12,50 €');
    expect((await fx.app.consoleStore.auditLog()).at(-1)).toMatchObject({ user: STAFF.user, action: 'facts-saved', target: `services/${SERVICE}.yaml` });
  });
});

describe("the municipality's hours and bank account", () => {
  const municipalityFile = () => readFile(join(fx.knowledgeDir, 'municipality.yaml'), 'utf8');
  /** The form's fields as the page shows them, as a browser posts them back (a checkbox only when ticked). */
  const firstView = async () => {
    const page = await (await fetch(`${fx.base}/staff/facts/municipality`, { headers: { cookie: session.cookie } })).text();
    const unescape = (v: string) => v.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    const fields: Record<string, string> = {};
    for (const [tag] of page.matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(tag)?.[1];
      if (name && name !== '_csrf' && (!/type="checkbox"/.test(tag) || /\bchecked\b/.test(tag))) fields[name] = unescape(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
    }
    for (const m of page.matchAll(/<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]] = unescape(m[2]);
    return { page, fields };
  };
  const source = (block: string, extra: Record<string, string> = {}) => ({ [`${block}_source_title`]: SOURCE.source_title, [`${block}_source_date`]: SOURCE.source_date, ...extra });

  it('show each block with its source fields, "as Monday" for Tuesday to Friday, and that an empty weekend day is closed', async () => {
    const { page } = await firstView();
    for (const block of ['hours', 'reception', 'payment', 'contacts']) expect(page).toContain(`name="${block}_source_title"`);
    expect([...page.matchAll(/name="same_(\w+)"/g)].map((m) => m[1])).toEqual(['tue', 'wed', 'thu', 'fri']);
    expect(page).toContain('Събота и неделя: празно поле значи, че общината не работи в този ден.');
    expect(page).toMatch(/Източник сега: [^\n]*Сайт VisitPetrich[^(]*\(проверено на 24\.11\.2026\)/); // the contacts' sources, with their check dates
  });

  it('refuse new hours without their source, and an IBAN that is not Bulgarian, naming each next to its field; the file stays as it was', async () => {
    const before = await municipalityFile();
    const { fields } = await firstView();
    const res = await post('/staff/facts/municipality', { ...fields, hours_mon: '08:00-17:00', iban: 'DE89370400440532013000', ...source('payment'), intent: 'save' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('href="#iban"');
    expect(page).toContain('<span class="field-error" id="hours_source_title-error">Работно време – Източник: посочете документа');
    expect(page).toContain('<span class="field-error" id="iban-error">IBAN: българският IBAN има 22 знака');
    expect(await municipalityFile()).toBe(before);
  });

  it('once saved, answer "is it open now?" and the bank account question, each fact with its own source', async () => {
    const citizen = new BotConversation(fx.base, connector, 'facts-hours');
    expect(await citizen.say('Отворено ли е сега?')).toContain('не е потвърдено');

    const { fields } = await firstView();
    const week = { hours_mon: '08:00-12:00, 13:00-17:00', same_tue: '1', same_wed: '1', same_thu: '1', hours_fri: '08:00-13:00', hours_sat: '', hours_sun: '' };
    const res = await post('/staff/facts/municipality', {
      ...fields,
      ...week,
      ...source('hours', { hours_source_title: 'Заповед на кмета за работното време', hours_source_date: '2026-11-26' }),
      iban: 'BG80 BNBG 9661 1020 3456 78',
      bic: 'BNBGBGSD',
      codes: '442100 | Данък върху недвижимите имоти | Property tax',
      ...source('payment', { payment_source_url: 'https://petrich.bg/wps/portal/petrich/bank' }),
      intent: 'save',
    });
    expect(res.status).toBe(303);
    const file = await municipalityFile();
    expect(file).toContain('iban: BG80BNBG96611020345678');
    expect(file).toContain('087 911 9840'); // the contacts the clerk left as they were are kept
    const data = parse(file) as { hours: { source: string; weekly: Record<string, unknown> }; payment: { source: string }; sources: Array<{ id: string; title: string; checked: string }> };
    expect(Object.keys(data.hours.weekly)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']); // the weekend left empty: closed
    expect(data.hours.weekly.thu).toEqual(data.hours.weekly.mon);
    const sourceOf = (id: string) => data.sources.find((s) => s.id === id);
    expect(sourceOf(data.hours.source)).toMatchObject({ title: 'Заповед на кмета за работното време', checked: '2026-11-26' });
    expect(sourceOf(data.payment.source)).toMatchObject({ title: SOURCE.source_title, checked: '2026-11-27' });
    const index = await (await fetch(`${fx.base}/staff/facts`, { headers: { cookie: session.cookie } })).text();
    expect(index).toMatch(/Попълнени[\s\S]*Работно време на общината<\/a><\/td><td>\d+<\/td><td>–<\/td><td>26\.11\.2026/);

    // The form shows the days with Monday's hours ticked "as Monday".
    const again = await firstView();
    expect(again.fields).toMatchObject({ hours_mon: '08:00-12:00, 13:00-17:00', same_tue: '1', same_wed: '1', same_thu: '1', hours_fri: '08:00-13:00' });

    const open = await new BotConversation(fx.base, connector, 'facts-hours-2').say('Отворено ли е сега?');
    expect(open).not.toContain('не е потвърдено');
    expect(open).toMatch(/Сега е (отворено|затворено)/);
    const bank = await new BotConversation(fx.base, connector, 'facts-bank').say('Каква е банковата сметка на общината?');
    expect(bank).toContain('IBAN BG80BNBG96611020345678');
    expect(bank).toContain('https://petrich.bg/wps/portal/petrich/bank'); // the answer cites what the clerk named
  });
});
