// The staff console's guards over real HTTP, and staff and citizens writing the same files at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BotConversation, COMPLAINT_SCRIPT, REFERENCE } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { STAFF, startStaffFixture, type StaffFixture } from '../support/staffFixture.js';

let fx: StaffFixture;
let connector: CaptureServer;
beforeAll(async () => {
  connector = await startCaptureServer();
  fx = await startStaffFixture();
});
afterAll(async () => {
  await fx.stop();
  await connector.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = (cookie?: string) => ({ 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) });

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: formHeaders(), body: form(STAFF), redirect: 'manual' });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const cookie = setCookie.split(';')[0];
  const page = await (await fetch(`${fx.base}/staff/feedback`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1] };
}

describe('without a session', () => {
  it.each(['/staff', '/staff/unanswered', '/staff/reports', '/staff/feedback', '/staff/feedback/%D0%9F%D0%A2-2026-000001'])('GET %s redirects to the sign-in', async (path) => {
    const res = await fetch(`${fx.base}${path}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/login');
  });

  it.each(['/staff/unanswered/attach', '/staff/unanswered/draft', '/staff/unanswered/dismiss', '/staff/reports/record', '/staff/reports/dismiss', '/staff/feedback/x/status', '/staff/feedback/x/reply', '/staff/feedback/x/erase', '/staff/logout'])(
    'POST %s answers 401',
    async (path) => {
      const res = await fetch(`${fx.base}${path}`, { method: 'POST', headers: formHeaders(), body: form({ key: 'x' }) });
      expect(res.status).toBe(401);
      expect(await res.json()).toHaveProperty('error.code', 'Unauthorized');
    },
  );

  it('the CSV export answers 401', async () => {
    expect((await fetch(`${fx.base}/staff/feedback/export.csv`)).status).toBe(401);
  });
});

describe('with a session', () => {
  it('refuses a form posted without its CSRF token, or with another one', async () => {
    const { cookie, csrf } = await signIn();
    const citizen = new BotConversation(fx.base, connector, 'csrf-citizen');
    let last = '';
    for (const line of COMPLAINT_SCRIPT) last = await citizen.say(line);
    const reference = REFERENCE.exec(last)![1];
    const url = `${fx.base}/staff/feedback/${encodeURIComponent(reference)}/status`;
    for (const body of [form({ status: 'closed' }), form({ status: 'closed', _csrf: 'forged' })]) {
      const res = await fetch(url, { method: 'POST', headers: formHeaders(cookie), body, redirect: 'manual' });
      expect(res.status).toBe(403);
    }
    expect((await fx.app.feedback.getByReference(reference))?.status).toBe('received');
    const ok = await fetch(url, { method: 'POST', headers: formHeaders(cookie), body: form({ status: 'closed', _csrf: csrf }), redirect: 'manual' });
    expect(ok.status).toBe(303);
    expect((await fx.app.feedback.getByReference(reference))?.status).toBe('closed');
  });

  it('marks the session cookie Secure when a TLS proxy forwarded the request', async () => {
    const res = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: { ...formHeaders(), 'x-forwarded-proto': 'https' }, body: form(STAFF), redirect: 'manual' });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('sends pages with a Content-Security-Policy that forbids inline scripts', async () => {
    const { cookie } = await signIn();
    const res = await fetch(`${fx.base}/staff`, { headers: { cookie } });
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(await res.text()).not.toMatch(/<script>(?!<\/script>)/);
  });
});

describe('reports from chats', () => {
  it('shows a report the citizen did not register under its category, and one click records it, marked as from the log', async () => {
    const { cookie, csrf } = await signIn();
    const citizen = new BotConversation(fx.base, connector, 'report-declined');
    const message = 'От две седмици никой не е извозил контейнерите на ул. „Рила“ 5 и всичко е пълно с боклук.';
    expect(await citizen.say(message)).toMatch(/Разбрах/);
    expect(await citizen.say('Не')).toMatch(/не го регистрирам/);
    const page = await (await fetch(`${fx.base}/staff/reports`, { headers: { cookie } })).text();
    expect(page).toContain('Отпадъци и съдове за смет');
    expect(page).toContain('ул. „Рила“ 5');
    const logged = (await fx.app.questions.list()).find((q) => q.text === message)!;
    expect(logged).toMatchObject({ reason: 'report', category: 'waste' });

    const res = await fetch(`${fx.base}/staff/reports/record`, { method: 'POST', headers: formHeaders(cookie), body: form({ id: logged.id, _csrf: csrf }), redirect: 'manual' });
    expect(res.status).toBe(303);
    const record = (await fx.app.feedback.list()).find((r) => r.description === message)!;
    expect(record).toMatchObject({ kind: 'signal', category: 'waste', origin: 'unanswered-log', location: 'ул. „Рила“ 5' });
    expect(record.contact).toBeUndefined();
    expect((await fx.app.questions.list()).find((q) => q.id === logged.id)?.registered?.reference).toBe(record.reference);
    const after = await (await fetch(`${fx.base}/staff/reports`, { headers: { cookie } })).text();
    expect(after).toContain(`Записана е преписка ${record.reference}`);
    expect(after).not.toContain(message.replace(/„|“/g, '').slice(0, 20));
    // A second click on the same message records nothing more.
    await fetch(`${fx.base}/staff/reports/record`, { method: 'POST', headers: formHeaders(cookie), body: form({ id: logged.id, _csrf: csrf }), redirect: 'manual' });
    expect((await fx.app.feedback.list()).filter((r) => r.description === message)).toHaveLength(1);
  });
});

describe('staff and citizens at once', () => {
  it('loses no update when staff change statuses while citizens submit feedback', async () => {
    const { cookie, csrf } = await signIn();
    const first = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const c = new BotConversation(fx.base, connector, `concurrent-a-${i}`);
        let last = '';
        for (const line of COMPLAINT_SCRIPT) last = await c.say(line);
        return REFERENCE.exec(last)![1];
      }),
    );
    const [more] = await Promise.all([
      Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const c = new BotConversation(fx.base, connector, `concurrent-b-${i}`);
          let last = '';
          for (const line of COMPLAINT_SCRIPT) last = await c.say(line);
          return REFERENCE.exec(last)![1];
        }),
      ),
      Promise.all(
        first.map((ref) =>
          fetch(`${fx.base}/staff/feedback/${encodeURIComponent(ref)}/status`, { method: 'POST', headers: formHeaders(cookie), body: form({ status: 'in_progress', _csrf: csrf }), redirect: 'manual' }),
        ),
      ),
    ]);
    const file = JSON.parse(await readFile(fxDataFile(), 'utf8')) as { records: Array<{ reference: string; status: string }> };
    const byRef = new Map(file.records.map((r) => [r.reference, r.status]));
    for (const ref of first) expect(byRef.get(ref)).toBe('in_progress');
    for (const ref of more) expect(byRef.get(ref)).toBe('received');
  }, 60_000);
});

// Last: it blocks sign-in from this address for the rest of the window.
describe('sign-in', () => {
  it('is limited after repeated failures, also for the right password', async () => {
    const attempt = (password: string) => fetch(`${fx.base}/staff/login`, { method: 'POST', headers: formHeaders(), body: form({ user: 'ivan', password }), redirect: 'manual' });
    for (let i = 0; i < 5; i += 1) expect((await attempt('wrong-password')).status).toBe(401);
    expect((await attempt('wrong-password')).status).toBe(429);
    const log = (await fx.app.consoleStore.auditLog()).filter((a) => a.action === 'login-failed' && a.user === 'ivan');
    expect(log.length).toBe(5);
  });
});

function fxDataFile(): string {
  return join(fx.knowledgeDir, '..', 'data', 'feedback.json');
}
