// A clerk fills in the facts only the municipality has, over real HTTP: the form refuses bad values
// naming the field and leaves the file as it was; a preview writes nothing; a save rewrites the YAML
// with its source and the bot answers with the new value at once, without a restart.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  it('are listed on the facts page while they are missing', async () => {
    const page = await (await fetch(`${fx.base}/staff/facts`, { headers: { cookie: session.cookie } })).text();
    expect(page).toContain(`href="${SERVICE_PATH}"`);
    expect(page).toMatch(/Липсва: Работно време, Приемен ден на кмета, IBAN/);
  });

  it.each([
    ['a fee in words', { regular_fee: 'дванайсет' }, 'regular_fee'],
    ['a negative fee', { regular_fee: '-5' }, 'regular_fee'],
    ['a deadline of "abc"', { regular_amount: 'abc', regular_unit: 'days' }, 'regular_amount'],
    ['a speed the form does not offer, posted directly', { urgent_fee: '40' }, 'urgent_fee'],
    ['a date in the future', { regular_fee: '5', source_date: '2027-01-01' }, 'source_date'],
    ['no source', { regular_fee: '5', source_title: '' }, 'source_title'],
  ])('refuse %s, naming the field, and leave the file as it was', async (_case, fields, field) => {
    const before = await serviceFile();
    const res = await post(SERVICE_PATH, { ...SOURCE, ...fields, intent: 'save' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(`href="#${field}"`);
    expect(page).toContain('role="alert"');
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
  const firstView = async () => {
    const page = await (await fetch(`${fx.base}/staff/facts/municipality`, { headers: { cookie: session.cookie } })).text();
    const fields: Record<string, string> = {};
    for (const m of page.matchAll(/<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    return fields;
  };

  it('refuse an IBAN that is not Bulgarian and leave the file as it was', async () => {
    const before = await municipalityFile();
    const res = await post('/staff/facts/municipality', { ...(await firstView()), ...SOURCE, iban: 'DE89370400440532013000', intent: 'save' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('href="#iban"');
    expect(await municipalityFile()).toBe(before);
  });

  it('once saved, answer "is it open now?" and the bank account question', async () => {
    const citizen = new BotConversation(fx.base, connector, 'facts-hours');
    expect(await citizen.say('Отворено ли е сега?')).toContain('не е потвърдено');

    const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [`hours_${d}`, '08:00-17:00']));
    const res = await post('/staff/facts/municipality', { ...(await firstView()), ...SOURCE, source_url: 'https://petrich.bg/wps/portal/petrich/bank', ...week, iban: 'BG80 BNBG 9661 1020 3456 78', bic: 'BNBGBGSD', codes: '442100 | Данък върху недвижимите имоти | Property tax', intent: 'save' });
    expect(res.status).toBe(303);
    const file = await municipalityFile();
    expect(file).toContain('iban: BG80BNBG96611020345678');
    expect(file).toContain('087 911 9840'); // the contacts the clerk left as they were are kept
    const index = await (await fetch(`${fx.base}/staff/facts`, { headers: { cookie: session.cookie } })).text();
    expect(index).toMatch(/Липсва: Приемен ден на кмета</);

    const open = await new BotConversation(fx.base, connector, 'facts-hours-2').say('Отворено ли е сега?');
    expect(open).not.toContain('не е потвърдено');
    expect(open).toMatch(/Сега е (отворено|затворено)/);
    const bank = await new BotConversation(fx.base, connector, 'facts-bank').say('Каква е банковата сметка на общината?');
    expect(bank).toContain('IBAN BG80BNBG96611020345678');
    expect(bank).toContain('https://petrich.bg/wps/portal/petrich/bank'); // the answer cites what the clerk named
  });
});
