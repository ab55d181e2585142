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

interface PackAnswer {
  versions: { values: { key: string; status: string; text: string; value: unknown; type: string }[]; unset_local: { key: string }[] }[];
}

describe('policy packs', () => {
  it('a township user reads every value of the running pack with its clause, and the [local] values still unset', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.town005, '/packs');
    await page.getByText('演示数值，非官方').waitFor();
    await page.getByRole('link', { name: '查看全部数值' }).click();
    await page.waitForURL(/\/packs\/demo-cq-pengshui$/);
    const answer = (await (await page.request.get('/api/v1/packs/demo-cq-pengshui')).json()) as PackAnswer;
    const v = answer.versions.at(-1);
    if (v === undefined) throw new Error('no version');
    await page.getByRole('tab', { name: `全部数值（${v.values.length}）` }).waitFor();
    // the unset [local] values, each by its key
    const unset = page.getByTestId('unset-local');
    for (const u of v.unset_local) await expect(unset.getByText(u.key, { exact: true }).count()).resolves.toBe(1);
    // a value as the pack writes it, with its clause: the critical-illness deductible of 16,901 yuan (§三(二)2)
    const deductible = v.values.find((x) => x.type === 'money' && x.text === '16901.00 元');
    expect(deductible).toBeDefined();
    await page.getByRole('searchbox', { name: '搜索键、数值或条款' }).fill('16901');
    const row = page.getByRole('row').filter({ hasText: '16901.00 元' }).first();
    await expect(row.innerText()).resolves.toContain('§三(二)2');
    await shot(page, 'pack');
    // only [local] rows when filtered so
    await page.getByRole('searchbox', { name: '搜索键、数值或条款' }).fill('');
    await page.getByRole('combobox', { name: '状态' }).click();
    await page.getByTitle('[本地] 未设定').click();
    const localRows = v.values.filter((x) => x.status === 'local').length;
    const rows = await page.locator('.ant-table-tbody tr.ant-table-row').count();
    expect(rows).toBe(Math.min(localRows, 25));
    await context.close();
  });

  it('in English, money values read in yuan and the headings are English', async () => {
    const { context, page } = await s.open('en');
    await signIn(page, s.web.users.viewer, '/packs/demo-cq-pengshui');
    await page.getByRole('searchbox', { name: 'Search keys, values or clauses' }).fill('16901');
    await page.getByRole('cell', { name: '16901.00 yuan' }).first().waitFor();
    await page.getByRole('tab', { name: /^Rules \(\d+\)$/ }).waitFor();
    await context.close();
  });

  it('an unknown pack shows the not-found state', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, '/packs/no-such-pack');
    await page.getByText('没有找到，或不在您的辖区内').waitFor();
    await context.close();
  });
});
