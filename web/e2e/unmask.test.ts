// The full ID number: only for a user with the unmask right, only after giving a reason, and
// always in the audit log. Works on P000000002 (徐娟艳, township 500243002), which no other file uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from './browser';
import { signIn, startBrowser } from './browser';

let s: Session;
beforeAll(async () => {
  s = await startBrowser();
});
afterAll(async () => {
  await s.close();
});

const PERSON = 'P000000002';
const FULL = '500243200206090028';

describe('unmasking an ID number', () => {
  it('asks a reason, shows the number, and the audit trail records who, why and when', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.unmasker, `/persons/${PERSON}`);
    const certno = page.getByTestId('certno');
    await expect(certno.innerText()).resolves.toMatch(/^500243\*+0028$/);
    await page.getByRole('button', { name: '查看完整号码' }).click();
    // no reason: refused in the dialog, nothing asked of the server
    await page.getByRole('button', { name: '查看并记录' }).click();
    await page.getByRole('dialog').getByText('请填写事由').waitFor();
    await page.locator('#unmask-reason').fill('核实身份（测试）');
    await page.getByRole('button', { name: '查看并记录' }).click();
    await page.getByTestId('certno').filter({ hasText: FULL }).waitFor();
    const trail = (await (await page.request.get(`/api/v1/persons/${PERSON}/audit`)).json()) as { entries: { action: string; username: string }[] };
    expect(trail.entries.some((e) => e.action === 'unmask' && e.username === 'bureau2')).toBe(true);
    await context.close();
  });

  it('a user without the right sees no such action, and the server refuses it anyway', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, `/persons/${PERSON}`);
    await expect(page.getByTestId('certno').innerText()).resolves.toMatch(/\*/);
    expect(await page.getByRole('button', { name: '查看完整号码' }).count()).toBe(0);
    const refused = await page.request.post(`/api/v1/persons/${PERSON}/certno`, { data: { reason: 'x' } });
    expect(refused.status()).toBe(403);
    expect(await page.content()).not.toContain(FULL);
    await context.close();
  });
});
