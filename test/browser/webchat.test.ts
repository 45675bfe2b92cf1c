// The demo page in Debian's Chromium (playwright-core, no downloaded browser): open the chat with the
// keyboard, ask about a service, file a complaint to its reference number, take a screenshot, and
// check accessibility with axe-core; and the same page on a phone (390×844), where the chat covers
// the screen and an answer shows its start. The page's strict CSP must block nothing it needs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ask, launchChromium, seen, sendBox } from '../support/browserChat.js';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { copyVendorBundles } from '../../src/cli/copyVendor.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { root, paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

const require = createRequire(import.meta.url);

let app: App;
let base: string;
let browser: Browser;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  await copyVendorBundles(root);
  const tmp = await withTempDir();
  cleanup = tmp.cleanup;
  app = await createApp(readConfig({ DATA_DIR: tmp.dir, KNOWLEDGE_DIR: paths.knowledgeDir }), createLogger('silent'), { assistant: await Assistant.load(paths) });
  const { port } = await app.server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await cleanup?.();
});


async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: number }>> {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
}

/** Resolves once Web Chat has stopped scrolling the transcript (its position the same for 30 frames in a row). */
const transcriptSettled = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const scroller = document.querySelector('.webchat__basic-transcript__scrollable');
        if (!scroller) return reject(new Error('no transcript'));
        const deadline = performance.now() + 10_000;
        let last = -1;
        let still = 0;
        const frame = () => {
          still = scroller.scrollTop === last ? still + 1 : 0;
          last = scroller.scrollTop;
          if (still >= 30) resolve();
          else if (performance.now() > deadline) reject(new Error('the transcript kept scrolling'));
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );

/** Where an element is on the screen, or undefined when it is not rendered. */
const rectOf = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : undefined;
  }, selector);

describe('the municipality page with the chat', () => {
  it('answers a question, takes a complaint to its reference number, and passes axe', async () => {
    const page = await browser.newPage({ locale: 'bg-BG', viewport: { width: 1280, height: 900 } });
    const blocked: string[] = [];
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && blocked.push(m.text()));

    const response = await page.goto(base);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.title()).resolves.toBe('Община Петрич – административни услуги');
    expect(await page.locator('#contacts').textContent()).toContain('0745 12345');

    // Keyboard only: Tab to the launcher and press Enter.
    const launcher = page.locator('#chat-launcher');
    for (let i = 0; i < 20 && !(await launcher.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('true');
    await seen(page, 'Здравейте!');

    await ask(page, 'Как да получа удостоверение за наследници?');
    await seen(page, 'Необходими документи');

    await ask(page, 'Искам да подам жалба');
    await seen(page, 'Опишете');
    await ask(page, 'Чаках на гишето повече от час без никакво обяснение.');
    await page.getByRole('button', { name: 'Анонимно' }).last().click();
    await seen(page, 'Моля, проверете');
    await page.getByRole('button', { name: 'Потвърждавам' }).last().click();
    await seen(page, /ПТ-\d{4}-\d{6}/);
    const [record] = (await app.feedback.list());
    expect(record).toMatchObject({ kind: 'complaint', channel: 'directline', description: 'Чаках на гишето повече от час без никакво обяснение.' });
    await seen(page, record.reference); // the number the citizen sees is the one on disk

    await mkdir(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output', 'webchat.png') });

    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // Escape closes the panel and gives focus back to the launcher.
    await sendBox(page).press('Escape');
    await expect(launcher.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(blocked).toEqual([]);
    await page.close();
  }, 120_000);

  it('on a phone: every action of the summary is a button of its card, every button is at least 44 px tall, and a tap works', async () => {
    const page = await browser.newPage({ locale: 'bg-BG', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(base);
    await page.locator('#chat-launcher').tap();
    await seen(page, 'Здравейте!');
    await ask(page, 'Искам да подам сигнал');
    await seen(page, 'Опишете');
    await ask(page, 'Не свети уличното осветление от седмица.');
    await seen(page, 'Къде е проблемът');
    await ask(page, 'ул. „Рила“ 12');
    await seen(page, 'Искате ли да оставите име');
    await page.getByRole('button', { name: 'Анонимно' }).last().tap();
    await seen(page, 'Всичко наред ли е?');
    await transcriptSettled(page);

    // The six actions, as buttons of the card that asks; "add a contact" for an anonymous citizen.
    const summary = page.locator('.webchat__basic-transcript__activity', { hasText: 'Всичко наред ли е?' }).last();
    const actions = ['Потвърждавам', 'Промени вида', 'Промени описанието', 'Промени мястото', 'Добави контакт', 'Откажи'];
    for (const name of actions) await expect(summary.getByRole('button', { name, exact: true }).isVisible()).resolves.toBe(true);

    // Every button the panel shows, its own (close, send) and Web Chat's (cards, suggestions), is a finger's size.
    // (Not the copies in Web Chat's live region: visually hidden, for screen readers to announce.)
    const heights = await page.locator('#chat-panel button, #chat-panel [role="button"]').evaluateAll((els) =>
      els
        .filter((el) => el.getClientRects().length > 0 && !el.closest('[class*="webchat__live-region"]'))
        .map((el) => ({ name: (el.textContent ?? '').trim() || (el.getAttribute('aria-label') ?? el.className), height: el.getBoundingClientRect().height })),
    );
    expect(heights.map((h) => h.name)).toEqual(expect.arrayContaining(actions));
    expect(heights.filter((h) => h.height < 44)).toEqual([]);

    await summary.getByRole('button', { name: 'Промени мястото', exact: true }).tap();
    await seen(page, 'Къде е проблемът');
    await ask(page, 'ул. „Рила“ 14');
    await seen(page, 'Място: ул. „Рила“ 14');
    await page.locator('.webchat__basic-transcript__activity', { hasText: 'Всичко наред ли е?' }).last().getByRole('button', { name: 'Потвърждавам', exact: true }).tap();
    await seen(page, /ПТ-\d{4}-\d{6}/);
    const saved = (await app.feedback.list()).find((r) => r.location === 'ул. „Рила“ 14');
    expect(saved).toMatchObject({ kind: 'signal', description: 'Не свети уличното осветление от седмица.' });
    await page.screenshot({ path: join(root, 'test-output', 'webchat-phone-summary.png') });
    await page.close();
  }, 120_000);

  it('on a phone: the chat covers the screen, an answer shows its start, suggestions are whole, one rating per card, and axe passes', async () => {
    const page = await browser.newPage({ locale: 'bg-BG', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(base);
    const launcher = page.locator('#chat-launcher');
    await launcher.tap();
    await seen(page, 'Здравейте!');

    // The panel is the whole screen, its close button shows, the launcher is gone and the page behind does not scroll.
    expect(await rectOf(page, '#chat-panel')).toEqual({ top: 0, bottom: 844, left: 0, right: 390 });
    await expect(page.locator('#chat-close').isVisible()).resolves.toBe(true);
    await expect(launcher.isVisible()).resolves.toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.body).overflow)).toBe('hidden');

    await ask(page, 'Как да получа удостоверение за наследници?');
    const answer = page.locator('.webchat__basic-transcript__activity', { hasText: 'Необходими документи' }).last();
    await answer.waitFor({ timeout: 15_000 });
    // The suggestions under the answer arrive with it; wait until they are laid out.
    const suggestions = page.locator('.webchat__suggested-action__text');
    await suggestions.first().waitFor({ timeout: 15_000 });
    await transcriptSettled(page);

    // The answer's title is on screen, inside the transcript's visible part, without any scrolling by the test.
    const title = answer.getByRole('heading', { name: 'Удостоверение за наследници' });
    const titleBox = (await title.boundingBox())!;
    const transcript = (await rectOf(page, '.webchat__basic-transcript__scrollable'))!;
    expect(titleBox.y).toBeGreaterThanOrEqual(transcript.top);
    expect(titleBox.y + titleBox.height).toBeLessThanOrEqual(transcript.bottom);
    expect(titleBox.y + titleBox.height).toBeLessThanOrEqual(844);

    // At most three suggestions, each shown whole: no "…", nothing clipped.
    const shown = await suggestions.evaluateAll((els) => els.map((el) => ({ text: el.textContent ?? '', clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1 })));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThanOrEqual(3);
    for (const s of shown) {
      expect(s.text).not.toMatch(/…$/);
      expect(s.clipped).toBe(false);
    }
    const related = app.assistant.kb.byId.get('heirs-certificate')!.related.map((id) => app.assistant.kb.byId.get(id)?.title.bg);
    expect(shown.map((s) => s.text)).toEqual(related.slice(0, shown.length));

    // The rating: words, in one row; "Да" then "Не" on the same card leaves one rating, the last.
    const yes = answer.getByRole('button', { name: 'Да', exact: true });
    const no = answer.getByRole('button', { name: 'Не', exact: true });
    const rows = await answer.getByRole('button', { name: /^(Да|Не)$/ }).evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe(rows[1]);
    await yes.tap();
    await seen(page, 'Благодарим за оценката');
    await no.tap();
    const deadline = Date.now() + 10_000;
    while ((await app.ratings.list()).filter((r) => r.entryId === 'heirs-certificate' && r.channel === 'directline').some((r) => r.useful) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await app.ratings.list()).filter((r) => r.entryId === 'heirs-certificate' && r.channel === 'directline' && r.lang === 'bg').map((r) => r.useful)).toEqual([false]);

    // Tab stays inside the full-screen panel, however often it is pressed (more than the panel has stops).
    // (From the send box: inside a card Web Chat keeps Tab among the card's own buttons.)
    const stops = await page.locator('#chat-panel').locator('button, [href], input, textarea, [tabindex]').count();
    await sendBox(page).focus();
    for (let i = 0; i < stops + 5; i += 1) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.getElementById('chat-panel')!.contains(document.activeElement))).toBe(true);
    }

    await mkdir(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output', 'webchat-phone.png') });
    expect((await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // Escape closes it, and the launcher is back with the focus.
    await page.keyboard.press('Escape');
    await expect(launcher.isVisible()).resolves.toBe(true);
    await expect(launcher.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.close();
  }, 120_000);
});
