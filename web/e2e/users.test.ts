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

describe('users and roles', () => {
  it('an admin creates a township user, who then signs in and sees only that township', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.admin, '/users');
    await page.getByRole('cell', { name: 'town008', exact: true }).waitFor();
    await page.getByRole('button', { name: /新建用户/ }).click();
    await page.locator('#user-username').fill('town003');
    await page.locator('#user-password').fill('town003-password');
    // the role defaults to township; an area is required for it
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('请填写').first().waitFor();
    await page.locator('#user-admdvs').fill('5002430');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('应为 6、9 或 12 位数字').waitFor();
    await page.locator('#user-admdvs').fill('500243003');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: 'town003', exact: true }).waitFor();
    await shot(page, 'users');
    await context.close();

    const other = await s.open('zh');
    await signIn(other.page, { username: 'town003', password: 'town003-password', role: 'township', admdvs: '500243003' });
    const found = await other.page.request.get('/api/v1/persons?limit=200');
    const persons = ((await found.json()) as { persons: { town_admdvs: string }[] }).persons;
    expect(persons.length).toBeGreaterThan(0);
    expect(persons.every((p) => p.town_admdvs === '500243003')).toBe(true);
    // a township user has no users page: the menu hides it and the page says so
    await other.page.goto('/users');
    await other.page.getByText('您的角色无权进行此操作').waitFor();
    await other.context.close();
  });

  it('the server refuses to disable the last admin, and the page shows its reason (in English)', async () => {
    const { context, page } = await s.open('en');
    await signIn(page, s.web.users.admin, '/users');
    await page.getByRole('button', { name: 'Edit admin', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const disabled = dialog.getByRole('switch');
    // the form shows the admin as enabled before it is changed, and disabled before it is saved
    await expect.poll(() => disabled.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('false');
    await disabled.click();
    await expect.poll(() => disabled.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('true');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/users/admin', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(answer.status()).toBe(409);
    expect(((await answer.json()) as { error: string }).error).toBe('last-admin');
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/admin/i);
    expect(await alert.textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    await context.close();
  });
});
