// Issue 13, items 7, 9 and 10 over real HTTP: the dashboard's status table, near-identical reports
// from two citizens answered once, and the message after attaching questions saying what the
// citizen really gets now.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BotConversation, REFERENCE } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { STAFF, startStaffFixture, type StaffFixture } from '../support/staffFixture.js';

let fx: StaffFixture;
let connector: CaptureServer;
let session: { cookie: string; csrf: string };
const form = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const headers = () => ({ 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie });
const page = async (path: string) => (await fetch(`${fx.base}${path}`, { headers: { cookie: session.cookie } })).text();
const post = (path: string, fields: Record<string, string | string[]>) =>
  fetch(`${fx.base}${path}`, { method: 'POST', headers: headers(), body: form({ _csrf: session.csrf, ...fields }), redirect: 'manual' });

beforeAll(async () => {
  connector = await startCaptureServer();
  fx = await startStaffFixture();
  const res = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(STAFF), redirect: 'manual' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const html = await (await fetch(`${fx.base}/staff`, { headers: { cookie } })).text();
  session = { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)![1] };
});
afterAll(async () => {
  await fx.stop();
  await connector.close();
});

/** A citizen reports a problem in their own words and registers it anonymously. */
async function report(id: string, message: string): Promise<string> {
  const citizen = new BotConversation(fx.base, connector, id);
  await citizen.say(message);
  await citizen.say('Да');
  await citizen.say('Анонимно');
  return REFERENCE.exec(await citizen.say('Потвърждавам'))![1];
}

describe('near-identical reports', () => {
  it('are shown together and answered once; a record outside the group is not touched', async () => {
    const first = await report('similar-1', 'Контейнерите на ул. „Рила“ 5 не са извозени от две седмици.');
    const second = await report('similar-2', 'Боклукът на ул. Рила 12 не е прибиран вече десет дни, кофите преливат.');
    const elsewhere = await report('similar-3', 'Контейнерите на ул. „Мизия“ 3 не са извозени от две седмици.');
    expect((await fx.app.feedback.getByReference(second))).toMatchObject({ category: 'waste' });

    const detail = await page(`/staff/feedback/${encodeURIComponent(first)}`);
    expect(detail).toContain(`name="also" value="${second}"`);
    expect(detail).not.toContain(`value="${elsewhere}"`);
    expect(await page('/staff/feedback')).toContain(`<a href="/staff/feedback/${encodeURIComponent(second)}">${second}</a>`);

    const reply = 'Контейнерите на ул. „Рила“ ще бъдат извозени до петък.';
    // A forged "also" for a record outside the group is ignored.
    const res = await post(`/staff/feedback/${encodeURIComponent(first)}/reply`, { reply, also: [second, elsewhere] });
    expect(res.status).toBe(303);
    expect((await fx.app.feedback.getByReference(first))?.publicReply?.text).toBe(reply);
    expect((await fx.app.feedback.getByReference(second))?.publicReply?.text).toBe(reply);
    expect((await fx.app.feedback.getByReference(elsewhere))?.publicReply).toBeUndefined();

    await post(`/staff/feedback/${encodeURIComponent(first)}/status`, { status: 'answered', also: second });
    expect((await fx.app.feedback.getByReference(second))?.status).toBe('answered');
    expect((await fx.app.feedback.getByReference(elsewhere))?.status).toBe('received');
  });

  it("the dashboard's status table is headed by the status, not the kind", async () => {
    const html = await page('/staff');
    const section = html.slice(html.indexOf('Обратна връзка по статус'));
    expect(section).toMatch(/<th scope="col">Статус<\/th>/);
  });
});

describe('attaching questions to an entry', () => {
  async function attach(question: string, entryId: string): Promise<string> {
    expect(await new BotConversation(fx.base, connector, `ask-${entryId}`).say(question)).toMatch(/не намерих отговор/);
    const html = await page('/staff/unanswered');
    const article = html.split('<article class="group">').find((a) => a.includes(question))!;
    const key = /name="key" value="([^"]+)"/.exec(article)![1].replace(/&amp;/g, '&').replace(/&quot;/g, '"');
    expect((await post('/staff/unanswered/attach', { key, entryId })).status).toBe(303);
    return /<p class="notice" role="status">([^<]+)</.exec(await page('/staff/unanswered'))![1];
  }

  it('says the bot answers with the entry only when it does', async () => {
    expect(await attach('Къде да изхвърля стара пералня?', 'waste-fee-exemption')).toMatch(/Ботът вече отговаря/);
  });

  it('says so honestly when the citizen still does not get the entry', async () => {
    // The entry rules the question out (its `excludes`), so attaching it cannot make it the answer.
    const notice = await attach('Какъв е бюджетът на общината за 2027 година?', 'vehicle-tax');
    expect(notice).not.toMatch(/Ботът вече отговаря/);
    expect(notice).toMatch(/на 0 от 1/);
  });
});
