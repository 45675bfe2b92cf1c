// The demo page in Debian's Chromium (playwright-core, no downloaded browser): open the chat with the
// keyboard, ask about a service, file a complaint to its reference number, take a screenshot, and
// check accessibility with axe-core. The page's strict CSP must block nothing it needs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { copyVendorBundles } from '../../src/cli/copyVendor.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { root, paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let app: App;
let base: string;
let browser: Browser;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  await copyVendorBundles(root);
  const tmp = await withTempDir();
  cleanup = tmp.cleanup;
  app = await createApp(readConfig({ DATA_DIR: tmp.dir }), createLogger('silent'), { assistant: await Assistant.load(paths) });
  const { port } = await app.server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await cleanup?.();
});

const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');

async function ask(page: Page, text: string): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

/** Bot text shows up several times in Web Chat's DOM (text, aria label): wait for the first visible one. */
const seen = (page: Page, text: string | RegExp) => page.locator('.webchat__basic-transcript__activity', { hasText: text }).last().waitFor({ timeout: 15_000 });

describe('the municipality page with the chat', () => {
  it('answers a question, takes a complaint to its reference number, and passes axe', async () => {
    const page = await browser.newPage({ locale: 'bg-BG', viewport: { width: 1280, height: 900 } });
    const blocked: string[] = [];
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && blocked.push(m.text()));

    const response = await page.goto(base);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.title()).resolves.toBe('Община Петрич – административни услуги');
    expect(await page.locator('#contacts').textContent()).toContain('0745 69112');

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
    const [record] = app.feedback.list();
    expect(record).toMatchObject({ kind: 'complaint', channel: 'directline', description: 'Чаках на гишето повече от час без никакво обяснение.' });
    await seen(page, record.reference); // the number the citizen sees is the one on disk

    await mkdir(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output', 'webchat.png') });

    const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // Escape closes the panel and gives focus back to the launcher.
    await sendBox(page).press('Escape');
    await expect(launcher.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(blocked).toEqual([]);
    await page.close();
  }, 120_000);
});
