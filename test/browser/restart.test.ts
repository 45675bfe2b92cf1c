// A restart of the server while people are using it, on the default store (lowdb, a temporary
// DATA_DIR): the real server runs as a child process; a citizen's web chat is open at desktop and
// at phone size, and a clerk is signed in to the staff console. The server is stopped as a service
// manager stops it (SIGTERM) and started again on the same port and folder. Without a page reload
// each chat says that the connection came back and answers the next question, in the same
// conversation (a complaint started before the restart goes on after it), and the clerk is still
// signed in (a form with the session's CSRF token still works).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ask, launchChromium, seen } from '../support/browserChat.js';
import { copyVendorBundles } from '../../src/cli/copyVendor.js';
import { hashPassword } from '../../src/staff/passwords.js';
import { openRecordStores } from '../../src/storage/openRecordStores.js';
import { freePort } from '../support/instances.js';
import { paths, root } from '../support/paths.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { STAFF } from '../support/staffFixture.js';
import { withTempDir } from '../support/tempDir.js';

/** How long a chat may take to answer, a restart included. */
const ANSWER_MS = 30_000;

let browser: Browser;
let server: ServerProcess | undefined;
let cleanup: () => Promise<void>;
let port: number;
let env: Record<string, string>;
/** From the restarted server's health to each chat's notice that it is back (printed for the report). */
const reconnectedAfterMs: number[] = [];

beforeAll(async () => {
  await copyVendorBundles(root);
  const tmp = await withTempDir();
  cleanup = tmp.cleanup;
  const dataDir = `${tmp.dir}/data`;
  const stores = await openRecordStores({ dataDir, databaseUrl: '' }, { prefix: '', salt: '' });
  try {
    await stores.staffUsers.save({ name: STAFF.user, passwordHash: await hashPassword(STAFF.password), createdAt: new Date().toISOString() });
  } finally {
    await stores.close();
  }
  // No DIRECTLINE_TOKEN_SECRET and no DATABASE_URL: the defaults an operator starts with.
  env = { DATA_DIR: dataDir, KNOWLEDGE_DIR: paths.knowledgeDir };
  port = await freePort();
  server = await startServerProcess(port, env);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  if (reconnectedAfterMs.length > 0) console.log(`reconnected after the restart in ${reconnectedAfterMs.join(', ')} ms`);
  await browser?.close();
  await server?.stop();
  await cleanup?.();
});


const SIZES = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
];

async function openChat(options: (typeof SIZES)[number]['options']): Promise<Page> {
  const page = await browser.newPage({ locale: 'bg-BG', ...options });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.locator('#chat-launcher').click();
  await seen(page, 'Здравейте!');
  return page;
}

describe('a restart of the server', () => {
  it('keeps every open web chat going without a reload, at desktop and phone size, and keeps the clerk signed in', async () => {
    const chats = await Promise.all(SIZES.map((size) => openChat(size.options)));
    for (const page of chats) {
      await ask(page, 'Как да получа удостоверение за наследници?');
      await seen(page, 'Необходими документи');
      await ask(page, 'Искам да подам жалба');
      await seen(page, 'Опишете');
    }
    const clerk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await clerk.goto(`http://127.0.0.1:${port}/staff`);
    await clerk.getByLabel('Потребител').fill(STAFF.user);
    await clerk.getByLabel('Парола').fill(STAFF.password);
    await clerk.getByRole('button', { name: 'Вход' }).click();
    await clerk.waitForURL(`http://127.0.0.1:${port}/staff`);

    expect(await server!.stop()).toBe(0);
    try {
      // Each chat says that the connection dropped, in the page's language.
      for (const page of chats) await page.getByText('Връзката прекъсна. Свързваме се отново…').waitFor({ timeout: 10_000 });
    } finally {
      server = await startServerProcess(port, env);
    }

    // The same pages, no reload: the chat says it is back, resumes its conversation (the complaint goes on) and answers.
    const restarted = Date.now();
    for (const page of chats) {
      await page.getByText('Връзката е възстановена. Можете да продължите.').waitFor({ timeout: ANSWER_MS });
      reconnectedAfterMs.push(Date.now() - restarted);
      if (page === chats[1]) {
        await mkdir(join(root, 'test-output'), { recursive: true });
        await page.screenshot({ path: join(root, 'test-output', 'webchat-phone-reconnected.png') });
      }
      await ask(page, 'Чаках на гишето повече от час без никакво обяснение.');
      await page.getByRole('button', { name: 'Анонимно' }).last().waitFor({ timeout: ANSWER_MS });
      // The transcript from before the restart is still there, once.
      expect(await page.locator('.webchat__basic-transcript__activity', { hasText: 'Здравейте!' }).count()).toBe(1);
      expect(await page.locator('.webchat__basic-transcript__activity', { hasText: 'Необходими документи' }).count()).toBe(1);
    }

    // The clerk: still signed in, and the session's CSRF token still accepted (signing out is a form post).
    await clerk.goto(`http://127.0.0.1:${port}/staff`);
    expect(clerk.url()).toBe(`http://127.0.0.1:${port}/staff`);
    await expect(clerk.locator('h1').textContent()).resolves.toBe('Табло');
    await clerk.getByRole('button', { name: 'Изход' }).click();
    await clerk.waitForURL(`http://127.0.0.1:${port}/staff/login`);

    for (const page of [...chats, clerk]) await page.close();
  }, 180_000);

  it('starts a new conversation, with a notice, when the old one cannot be had (a server with another token secret)', async () => {
    const page = await openChat(SIZES[0].options);
    await ask(page, 'Как да получа удостоверение за наследници?');
    await seen(page, 'Необходими документи');
    expect(await server!.stop()).toBe(0);
    env = { ...env, DIRECTLINE_TOKEN_SECRET: 'another-secret-than-the-kept-one-0123456789' };
    server = await startServerProcess(port, env);
    await page.getByText('предишният разговор не можа да продължи').waitFor({ timeout: ANSWER_MS });
    // The new conversation's welcome, under the old transcript, and an answer.
    await page.locator('.webchat__basic-transcript__activity', { hasText: 'Здравейте!' }).nth(1).waitFor({ timeout: 15_000 });
    await ask(page, 'Искам да подам жалба');
    await seen(page, 'Опишете', ANSWER_MS);
    await page.close();
  }, 120_000);
});
