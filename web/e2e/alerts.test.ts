/**
 * docs/cases.md's walk-through in the browser, on the shared store's 胡秀兰 (P000000008, township
 * 500243005, no other test file touches her): a bill of 80,000 settled through the API (setl_id of
 * this file's own) raises a MON-CQ-1 alert; the bureau finds it in /alerts and pushes it; town005
 * verifies it; the bureau closes it and opens a 一事一议 (CASE-1) case from it, reviews, approves at
 * both levels, is refused above the cap (422, with the reason), decides 15,000.00 and closes; the
 * case shows her totals after cases. town008 is refused her alert (the not-found state). The
 * English pages once.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from './browser';
import { shot, signIn, startBrowser } from './browser';

let s: Session;
let alertId = 0;
let caseId = 0;

beforeAll(async () => {
  s = await startBrowser();
});
afterAll(async () => {
  await s.close();
});

/** The confirm button of the dialog open now. */
async function confirm(page: Page): Promise<void> {
  await page.getByTestId('confirm').filter({ visible: true }).click();
}

describe('alerts and cases (docs/cases.md walk-through)', () => {
  it('a bill of 80,000 raises an alert the bureau sees in the list and pushes', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau);
    const res = await page.request.post('/api/v1/settlements', {
      data: { setl_id: 'WEB-ALERTS-1', psn_no: 'P000000008', med_type: '21', hosp_lv: '05', setl_time: '2023-11-20 10:00:00', medfee_sumamt: '80000', inscp_scp_amt: '72000' },
    });
    expect(res.status()).toBeLessThan(300);

    await page.goto('/alerts');
    await page.getByTestId('alerts-table').waitFor();
    // filter by township (Enter applies) and status
    await page.getByPlaceholder('乡镇或村代码').fill('500243005');
    await page.getByPlaceholder('乡镇或村代码').press('Enter');
    await page.waitForURL(/town=500243005/);
    const row = page.getByRole('row').filter({ hasText: 'P000000008' });
    await row.waitFor();
    expect(await row.innerText()).toContain('27,768.12');
    expect(await row.innerText()).toContain('已预警');
    // every row is of the township asked for
    const places = await page.getByTestId('alerts-table').locator('tbody tr').allInnerTexts();
    for (const p of places.filter((x) => x.includes('P0'))) expect(p).toContain('500243005');
    await shot(page, 'alerts');

    const link = row.getByRole('link').first();
    alertId = Number(await link.innerText());
    expect(alertId).toBeGreaterThan(0);
    await link.click();
    await page.waitForURL(new RegExp(`/alerts/${alertId}$`));
    await expect.poll(() => page.getByTestId('alert-amount').innerText()).toBe('27,768.12');
    expect(await page.getByText('MON-CQ-1').first().innerText()).toContain('MON-CQ-1');
    expect(await page.getByTestId('alert-person').getAttribute('href')).toBe('/persons/P000000008');

    // the bureau pushes it to rural revitalisation
    await page.getByTestId('alert-push').click();
    await page.getByRole('dialog').getByText('乡村振兴部门').waitFor();
    await confirm(page);
    await expect.poll(() => page.getByTestId('alert-status').innerText()).toBe('已推送');
    expect(await page.getByTestId('alert-history').innerText()).toContain('已预警 → 已推送');
    await context.close();
  });

  it('another township cannot open the alert by its address (not found)', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.town008);
    await page.goto(`/alerts/${alertId}`);
    await page.getByText('没有找到，或不在您的辖区内').waitFor();
    expect(await page.getByText('胡秀兰').count()).toBe(0);
    // and its list holds only its own township
    await page.goto('/alerts');
    const mine = (await (await page.request.get('/api/v1/alerts?limit=200')).json()) as { alerts: { town_admdvs: string | null; psn_no: string }[] };
    expect(mine.alerts.length).toBeGreaterThan(0);
    expect(mine.alerts.every((a) => a.town_admdvs === '500243008' && a.psn_no !== 'P000000008')).toBe(true);
    // the table has drawn its rows (not merely its empty loading state) before it is read
    await page.getByTestId('alerts-table').locator('tbody tr.ant-table-row').first().waitFor();
    const shown = await page.getByTestId('alerts-table').locator('tbody').innerText();
    expect(shown).toContain('500243008');
    expect(shown).not.toContain('P000000008');
    expect(shown).not.toContain('500243005');
    await context.close();
  });

  it('town005 verifies it with a note; it may not close it', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.town005, `/alerts/${alertId}`);
    await page.getByTestId('alert-verify').click();
    await page.getByRole('dialog').getByRole('radio', { name: '纳入监测' }).check();
    await page.getByRole('dialog').getByLabel('说明').fill('入户核实：因病支出大，纳入监测');
    await confirm(page);
    await expect.poll(() => page.getByTestId('alert-status').innerText()).toBe('已核实');
    expect(await page.getByTestId('alert-history').innerText()).toContain('入户核实：因病支出大，纳入监测');
    expect(await page.getByTestId('alert-close').count()).toBe(0);
    await context.close();
  });

  it('the bureau closes it, opens a CASE-1 case from it and takes it to a decision of 15,000.00', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, `/alerts/${alertId}`);
    await page.getByTestId('alert-close').click();
    await page.getByRole('dialog').getByLabel('办结结果').fill('已纳入监测，转一事一议');
    await confirm(page);
    await expect.poll(() => page.getByTestId('alert-status').innerText()).toBe('已办结');
    await shot(page, 'alert');

    // open a case from the alert
    await page.getByTestId('new-case').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('case-kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'CASE-1' }).click();
    expect(await dialog.getByLabel('人员编号').inputValue()).toBe('P000000008');
    await dialog.getByLabel('申请事由').fill('住院费用8万元，家庭基本生活困难');
    await dialog.getByLabel('申请金额（元，可选）').fill('15000');
    await confirm(page);
    await page.waitForURL(/\/cases\/\d+$/);
    caseId = Number(/\/cases\/(\d+)$/.exec(page.url())?.[1]);
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('已受理');

    // review, then approve at the township level and at the bureau's
    await page.getByTestId('case-review').click();
    await page.getByRole('dialog').getByTestId('case-note').fill('材料齐全');
    await confirm(page);
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('已审核（审批中）');
    await page.getByRole('button', { name: '审批（乡镇（街道））' }).click();
    await confirm(page);
    await page.getByRole('button', { name: '审批（医保局）' }).click();
    await page.getByRole('dialog').getByTestId('case-note').fill('局审批同意');
    await confirm(page);
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('已审批');

    // above the cap: refused with the reason, in the dialog
    await page.getByTestId('case-decide').click();
    const decide = page.getByRole('dialog');
    await decide.getByTestId('amount-social_assistance').fill('30000');
    await confirm(page);
    const refusal = decide.getByTestId('refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('422');
    expect(await refusal.innerText()).toContain('超过可救助额 27768.12');
    // more than two decimals: the form says so before sending
    await decide.getByTestId('amount-social_assistance').fill('10000.001');
    await decide.getByText('金额为元，至多两位小数').waitFor();
    await decide.getByTestId('amount-social_assistance').fill('10000');
    await decide.getByTestId('amount-mutual_aid').fill('5000.00');
    await confirm(page);
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('已决定');
    expect(await page.getByTestId('case-decided').innerText()).toBe('15,000.00');
    const lines = await page.getByTestId('case-lines').innerText();
    expect(lines).toContain('社会救助');
    expect(lines).toContain('10,000.00');
    expect(lines).toContain('医疗互助');
    expect(lines).toContain('5,000.00');
    // her totals after cases: 27,768.12 borne, 15,000.00 from the case, 12,768.12 left
    expect(await page.getByTestId('total-personal').innerText()).toBe('27,768.12');
    expect(await page.getByTestId('total-cases').innerText()).toBe('15,000.00');
    expect(await page.getByTestId('total-after').innerText()).toBe('12,768.12');

    // a step the state does not allow is not offered; closing is
    expect(await page.getByTestId('case-review').count()).toBe(0);
    await page.getByTestId('case-close').click();
    await page.getByRole('dialog').getByTestId('case-note').fill('已发放');
    await confirm(page);
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('已办结');
    const events = await page.getByTestId('case-events').innerText();
    for (const step of ['受理', '审核', '审批 · 乡镇（街道）', '审批 · 医保局', '决定救助金额', '办结']) expect(events).toContain(step);
    await shot(page, 'case');

    // the case list finds it by person and status
    await page.goto('/cases?psn_no=P000000008');
    const row = page.getByTestId('cases-table').getByRole('row').filter({ hasText: 'P000000008' });
    await row.waitFor();
    expect(await row.innerText()).toContain('15,000.00');
    expect(await row.getByRole('link', { name: String(caseId) }).getAttribute('href')).toBe(`/cases/${caseId}`);
    await context.close();
  });

  it('a push list downloads as XLSX (a department no rule pushes to: nothing is pushed)', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, '/alerts');
    await page.getByTestId('push-list').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '民政部门' }).check();
    await dialog.getByLabel('乡镇或村代码（可选）').fill('500243005012');
    await dialog.getByLabel('年度（可选）').fill('2023');
    const [download] = await Promise.all([page.waitForEvent('download'), confirm(page)]);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(download.suggestedFilename()).toContain('推送清单');
    await page.getByText(/推送清单已下载：0 条预警/).waitFor();
    await context.close();
  });

  it('reads in English', async () => {
    const { context, page } = await s.open('en');
    await signIn(page, s.web.users.bureau, `/cases/${caseId}`);
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('closed');
    await page.getByText('Personal burden after cases').waitFor();
    expect(await page.getByTestId('total-after').innerText()).toBe('12,768.12');
    await page.goto(`/alerts/${alertId}`);
    await page.getByRole('heading', { name: `Alert ${alertId}` }).waitFor();
    await page.getByText('Why it was raised').waitFor();
    expect(await page.getByTestId('alert-status').innerText()).toBe('closed');
    await page.goto('/alerts?status=closed');
    await page.getByRole('columnheader', { name: 'Threshold' }).waitFor();
    // paging: the demonstration region has more alerts than a page of 20; the next page is a link of its own
    await page.goto('/alerts');
    await page.getByTestId('alerts-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('alerts-table').locator('tbody tr.ant-table-row').count()).toBe(20);
    await page.locator('li.ant-pagination-next').click();
    await page.waitForURL(/[?&]page=2/);
    await page.getByText('Page 2').waitFor();
    await page.getByTestId('alerts-table').locator('tbody tr.ant-table-row').first().waitFor();
    await context.close();
  });
});
