// The staff console in Debian's Chromium: sign in, find a question a citizen's conversation left
// unanswered, attach it to a service and see the bot answer it; change a feedback record's status
// and see it in the citizen's status check; download the CSV; and citizen text with markup stays text.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browserChat.js';
import { copyVendorBundles } from '../../src/cli/copyVendor.js';
import { BotConversation, REFERENCE } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { root } from '../support/paths.js';
import { STAFF, startStaffFixture, type StaffFixture } from '../support/staffFixture.js';

let fx: StaffFixture;
let browser: Browser;
let connector: CaptureServer;

beforeAll(async () => {
  await copyVendorBundles(root);
  connector = await startCaptureServer();
  fx = await startStaffFixture();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await fx?.stop();
  await connector?.close();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${fx.base}/staff`);
  expect(page.url()).toBe(`${fx.base}/staff/login`);
  await page.getByLabel('Потребител').fill(STAFF.user);
  await page.getByLabel('Парола').fill(STAFF.password);
  await page.getByRole('button', { name: 'Вход' }).click();
  await page.waitForURL(`${fx.base}/staff`);
}

describe('staff console', () => {
  it('teaches the bot from an unanswered question, handles feedback, exports CSV, and never runs citizen markup', async () => {
    const citizen = new BotConversation(fx.base, connector, 'staff-citizen');
    const question = 'Къде да изхвърля стара пералня?';
    expect(await citizen.say(question)).toMatch(/не намерих отговор/);
    await citizen.say('<script>alert(1)</script> кога идва боклукчийската кола?');
    for (const line of ['Искам да подам жалба', '<img src=x onerror=alert(1)> Никой не отговаря.', 'Анонимно']) await citizen.say(line);
    const saved = await citizen.say('Потвърждавам');
    const reference = REFERENCE.exec(saved)![1];
    const code = /Код за достъп: ([A-Z0-9]{8})/.exec(saved)![1];

    const page = await browser.newPage({ acceptDownloads: true });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Табло');

    // Unanswered questions: the citizen's question is there; markup shows as text.
    await page.getByRole('link', { name: 'Въпроси без отговор' }).click();
    const group = page.locator('article.group', { hasText: question });
    await group.waitFor();
    expect(await page.locator('body').textContent()).toContain('<script>alert(1)</script>');
    await group.getByLabel('Добави като примерни въпроси към').selectOption('waste-fee-exemption');
    await group.getByRole('button', { name: 'Добави' }).click();
    await page.locator('.notice', { hasText: 'Ботът вече отговаря' }).waitFor();
    expect(await readFile(`${fx.knowledgeDir}/services/waste-fee-exemption.yaml`, 'utf8')).toContain(question);
    // The effect is immediate: the same question now gets that service's answer.
    expect(await citizen.say(question)).toContain('такса');
    expect(await page.locator('article.group', { hasText: question }).count()).toBe(0);

    // Feedback: open the record, change its status, write a reply.
    await page.getByRole('link', { name: 'Обратна връзка' }).click();
    await page.getByRole('link', { name: reference }).click();
    expect(await page.locator('dd.text').textContent()).toBe('<img src=x onerror=alert(1)> Никой не отговаря.');
    await page.getByLabel('Промени статуса').selectOption('answered');
    await page.getByRole('button', { name: 'Запази', exact: true }).click();
    await page.locator('.notice').waitFor();
    await page.getByLabel('Публичен отговор').fill('Проверихме и ще удължим работното време на гишето.');
    await page.getByRole('button', { name: 'Запази отговора' }).click();
    await page.locator('.notice').waitFor();

    // The citizen sees it in the status check.
    await citizen.say(`статус ${reference}`);
    const status = await citizen.say(code);
    expect(status).toMatch(/отговорена/);
    expect(status).toContain('Проверихме и ще удължим работното време на гишето.');

    // CSV export: Excel-ready UTF-8 with BOM, with the record in it.
    await page.getByRole('link', { name: 'Обратна връзка' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Изтегли CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(reference);
    expect(csv).toContain('отговорена');

    // The dashboard counts what happened.
    await page.getByRole('link', { name: 'Табло' }).click();
    expect(await page.locator('main').textContent()).toMatch(/Въпроси общо: [1-9]/);
    expect(await page.locator('#questions-chart').count()).toBe(1);

    expect(dialogs).toEqual([]);
    const actions = (await fx.app.consoleStore.auditLog()).map((a) => `${a.user}:${a.action}`);
    expect(actions).toEqual(expect.arrayContaining(['maria:login', 'maria:attach-questions', 'maria:feedback-status', 'maria:feedback-reply', 'maria:export-feedback']));
    await page.close();
  }, 120_000);

  // A clerk fills in a fee at a desk and on a phone; the bot answers with it at once, no restart.
  it.each([
    ['desktop', { width: 1280, height: 800 }, 'kinship-certificate', 'Колко струва удостоверение за родствени връзки?', '12,50', '12,50 €'],
    ['phone', { width: 390, height: 844 }, 'children-born-certificate', 'Колко струва удостоверение за родените от майката деца?', '7', '7,00 €'],
  ])('takes a service fee with its source at %s size', async (_size, viewport, id, question, typed, shown) => {
    const citizen = new BotConversation(fx.base, connector, `facts-${id}`);
    expect(await citizen.say(question)).not.toContain(shown);
    const page = await browser.newPage({ viewport });
    await signIn(page);
    await page.getByRole('link', { name: 'Такси, срокове, контакти' }).click();
    await page.locator(`a[href="/staff/facts/service/${id}"]`).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Bad values are refused with the field named, and nothing is written.
    const before = await readFile(`${fx.knowledgeDir}/services/${id}.yaml`, 'utf8');
    await page.getByLabel('Документ или източник').fill('Наредба за местните такси, приложение 1');
    await page.getByLabel('Такса – Обикновена услуга').fill('-5');
    await page.getByLabel('Срок – Бърза услуга').fill('abc');
    await page.getByLabel('Мерна единица – Бърза услуга').selectOption('days');
    await page.getByRole('button', { name: 'Запиши' }).click();
    const refused = page.getByRole('alert');
    await expect(refused.textContent()).resolves.toMatch(/Такса – Обикновена услуга: .*Срок – Бърза услуга: /s);
    expect(await readFile(`${fx.knowledgeDir}/services/${id}.yaml`, 'utf8')).toBe(before);

    await page.getByLabel('Такса – Обикновена услуга').fill(typed);
    await page.getByLabel('Срок – Бърза услуга').fill('');
    await page.getByLabel('Мерна единица – Бърза услуга').selectOption('');
    await page.getByRole('button', { name: 'Преглед' }).click();
    await expect(page.locator('.preview').textContent()).resolves.toContain(shown);
    await page.getByRole('button', { name: 'Запиши' }).click();
    await page.locator('.notice', { hasText: 'Ботът вече отговаря' }).waitFor();
    expect(await readFile(`${fx.knowledgeDir}/services/${id}.yaml`, 'utf8')).toContain('title: Наредба за местните такси, приложение 1');
    expect(await new BotConversation(fx.base, connector, `facts-${id}-after`).say(question)).toContain(shown);
    await page.close();
  }, 120_000);

  // A clerk fills in the opening hours with "as Monday", sees the answer beside the form, and saves.
  it.each([
    ['desktop', { width: 1280, height: 800 }, '08:30-12:00, 13:00-17:30', /Понеделник – четвъртък: 08:30–12:00 и 13:00–17:30\n• Петък: 08:30–13:00/],
    ['phone', { width: 390, height: 844 }, '08:00-12:00, 13:00-17:00', /Понеделник – четвъртък: 08:00–12:00 и 13:00–17:00\n• Петък: 08:30–13:00/],
  ])('takes the opening hours with "as Monday" and their own source at %s size, the answer beside the form', async (size, viewport, monday, week) => {
    const page = await browser.newPage({ viewport });
    await signIn(page);
    await page.goto(`${fx.base}/staff/facts/municipality`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const hours = page.locator('fieldset#hours');
    await hours.getByLabel('Понеделник', { exact: true }).fill(monday);
    for (const day of ['Вторник', 'Сряда', 'Четвъртък']) await hours.getByLabel(`${day}: като понеделник`).check();
    await hours.getByLabel('Петък', { exact: true }).fill('08:30-13:00');

    // Changed hours without their source are refused, the error next to the hours' source.
    await page.getByRole('button', { name: 'Запиши' }).click();
    await expect(page.locator('#hours_source_title-error').textContent()).resolves.toContain('Работно време – Източник');
    await page.locator('#hours_source_title').fill(`Заповед на кмета за работното време (${size})`);
    await page.getByRole('button', { name: 'Преглед' }).click();
    const preview = page.locator('aside.preview');
    await expect(preview.textContent()).resolves.toMatch(week);
    await expect(preview.textContent()).resolves.toMatch(/Събота – неделя: затворено/);
    const [form, aside] = await Promise.all([page.locator('.facts-layout form').boundingBox(), preview.boundingBox()]);
    // Beside the form on a desk, under it on a phone.
    if (size === 'desktop') expect(aside!.x).toBeGreaterThanOrEqual(form!.x + form!.width);
    else expect(aside!.y).toBeGreaterThanOrEqual(form!.y + form!.height);

    await page.getByRole('button', { name: 'Запиши' }).click();
    await page.locator('.notice', { hasText: 'Ботът вече отговаря' }).waitFor();
    expect(await readFile(`${fx.knowledgeDir}/municipality.yaml`, 'utf8')).toContain(`title: Заповед на кмета за работното време (${size})`);
    await expect(page.getByLabel('Четвъртък: като понеделник').isChecked()).resolves.toBe(true);
    await page.close();
  }, 120_000);
});
