import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from './browser';
import { shot, signIn, startBrowser } from './browser';

let s: Session;
beforeAll(async () => {
  s = await startBrowser();
});
afterAll(async () => {
  await s.close();
});

async function signInPage(page: Page): Promise<void> {
  await page.goto('/persons');
  await page.waitForURL(/\/signin\?next=%2Fpersons/);
}

describe('sign-in', () => {
  it('refuses a wrong password with the reason, in Chinese', async () => {
    const { context, page } = await s.open('zh');
    await signInPage(page);
    await page.locator('#username').fill('bureau1');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码');
    await shot(page, 'sign-in');
    await context.close();
  });

  it('signs in, returns to the page asked for, switches to English and signs out', async () => {
    const { context, page } = await s.open('zh');
    await signInPage(page);
    await page.locator('#username').fill(s.web.users.bureau.username);
    await page.locator('#password').fill(s.web.users.bureau.password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/persons$/);
    await page.getByRole('menuitem', { name: '人员查询' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Persons' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL(/\/signin/);
    // the session is gone on the server too
    const res = await page.request.get('/api/v1/session');
    expect(res.status()).toBe(401);
    await context.close();
  });

  it('shows a township user only the menu a township may use', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.town005);
    const menu = await page.getByRole('menu').innerText();
    expect(menu).toContain('人员查询');
    expect(menu).not.toContain('导入');
    expect(menu).not.toContain('用户与角色');
    await context.close();
  });

  it('serves the application for any page path, and JSON 404 for unknown API paths', async () => {
    const { context, page } = await s.open();
    const html = await page.request.get('/cases/12345', { headers: { accept: 'text/html' } });
    expect(html.status()).toBe(200);
    expect(html.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(await html.text()).toContain('<div id="root">');
    const api = await page.request.get('/api/v1/no-such-thing');
    expect(api.status()).toBe(404);
    expect(((await api.json()) as { error: string }).error).toBe('not-found');
    await context.close();
  });
});
