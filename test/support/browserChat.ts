// What the browser tests share: Debian's Chromium launched as the project's rules say (never a
// downloaded browser; CHROMIUM_PATH to point elsewhere), and the web chat's send box and transcript.
import { chromium, type Browser, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');

/** Types a message into the web chat and sends it. */
export async function ask(page: Page, text: string): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

/** Bot text shows up several times in Web Chat's DOM (text, aria label): waits for the last activity that has it. */
export const seen = (page: Page, text: string | RegExp, timeout = 15_000) => page.locator('.webchat__basic-transcript__activity', { hasText: text }).last().waitFor({ timeout });
