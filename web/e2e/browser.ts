/**
 * Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core (never a
 * downloaded browser), with the flags this machine needs (no sandbox as root, no network of its
 * own), a fresh profile per launch (playwright makes one in a temporary folder), and helpers to sign in and to keep screenshots for docs/.
 *
 * `SANCHONG_SCREENSHOTS=docs/screenshots npm run test:web` (what `npm run screenshots` does)
 * saves the pages the tests pass through as PNG files; without it, `shot` does nothing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import type { WebFixture, WebUser } from './fixture';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface Session {
  readonly browser: Browser;
  readonly web: WebFixture;
  /** A new context (cookies of its own) with a page, in the given language. */
  open(lang?: 'zh' | 'en'): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<Session> {
  const web = inject('web');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    browser,
    web,
    async open(lang = 'zh') {
      const context = await browser.newContext({ baseURL: web.url, locale: lang === 'zh' ? 'zh-CN' : 'en-US', viewport: { width: 1360, height: 900 }, acceptDownloads: true });
      await context.addInitScript((l) => window.localStorage.setItem('sanchong.lang', l), lang);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return { context, page };
    },
    async close() {
      await browser.close();
    },
  };
}

/** Signs in through the sign-in page and waits for the frame (the user's name in the header). */
export async function signIn(page: Page, user: WebUser, path = '/'): Promise<void> {
  await page.goto(path);
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('whoami').filter({ hasText: user.username }).waitFor();
}

/** Keeps a screenshot as docs/screenshots/<name>.png when SANCHONG_SCREENSHOTS names a folder. */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env['SANCHONG_SCREENSHOTS'];
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  await page.waitForLoadState('networkidle');
  // no dialog on its way out, no passing message: the page as it rests
  await page.locator('.ant-modal-mask').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  await page.locator('.ant-message-notice').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
