/**
 * Person search, the person page and the one-stop settlement bill, on the demonstration region's
 * P000000001 朱军华 (township 500243008; two settlements in 2023). Reads only: nothing here changes
 * the store but the audit log.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from './browser';
import { shot, signIn, startBrowser } from './browser';

const PSN = 'P000000001';
const NAME = '朱军华';
const MASKED = '500243********0019';

let s: Session;
beforeAll(async () => {
  s = await startBrowser();
});
afterAll(async () => {
  await s.close();
});

interface Row { setl_id: string; hifp_pay: string; hifmi_pay: string; maf_assist_pay: string; maf_reassist_pay: string; fund_pay_sumamt: string; psn_part_amt: string; medfee_sumamt: string; inscp_scp_amt: string }

async function record(page: Page): Promise<{ settlements: Row[] }> {
  const res = await page.request.get(`/api/v1/persons/${PSN}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { settlements: Row[] };
}

describe('persons, the person page and the bill', () => {
  it('searches by name and by person number, keeping the query in the URL', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, '/persons');
    await page.getByText('可以这样查找').waitFor();
    const box = page.getByTestId('person-search').locator('input');
    await box.fill('朱军');
    await box.press('Enter');
    await page.waitForURL(/\/persons\?q=/);
    const results = page.getByTestId('person-results');
    await results.getByRole('link', { name: PSN }).waitFor();
    expect(await results.innerText()).toContain(MASKED);
    await shot(page, 'persons');
    // the query survives a reload
    await page.reload();
    await results.getByRole('link', { name: PSN }).waitFor();
    expect(await box.inputValue()).toBe('朱军');
    await box.fill(PSN);
    await box.press('Enter');
    await page.waitForURL(new RegExp(`q=${PSN}`));
    await page.getByText('共 1 人').waitFor();
    // nobody: the empty state says what can be searched
    await box.fill('不存在的人');
    await box.press('Enter');
    await page.getByText(/没有找到“不存在的人”/).waitFor();
    await context.close();
  });

  it('shows the person with the settlements tier by tier, opens the bill with the same amounts, prints only the bill, and speaks English', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, `/persons?q=${PSN}`);
    await page.getByTestId('person-results').getByRole('link', { name: PSN }).click();
    await page.waitForURL(new RegExp(`/persons/${PSN}$`));
    await page.getByTestId('person-name').filter({ hasText: NAME }).waitFor();
    expect(await page.getByTestId('certno').innerText()).toBe(MASKED);
    // bureau1 has no unmask right: no unmask action
    expect(await page.getByRole('button', { name: '查看完整号码' }).count()).toBe(0);

    const rec = await record(page);
    expect(rec.settlements.length).toBeGreaterThan(0);
    const table = page.getByTestId('settlements');
    for (const r of rec.settlements) {
      const row = table.locator(`tr[data-setl-id="${r.setl_id}"]`);
      const text = (await row.innerText()).replaceAll(',', '');
      for (const k of ['hifp_pay', 'hifmi_pay', 'maf_assist_pay', 'maf_reassist_pay', 'fund_pay_sumamt', 'psn_part_amt'] as const) {
        expect(text, `${r.setl_id} ${k}`).toContain(r[k]);
      }
    }
    expect(await table.innerText()).toContain('基本医保');
    // who looked: the bureau sees the audit trail, with this very read in it
    await page.getByTestId('audit').getByText('查看档案').first().waitFor();
    await shot(page, 'person');

    const first = rec.settlements[0];
    if (first === undefined) throw new Error('no settlement');
    await table.getByRole('link', { name: first.setl_id }).click();
    await page.waitForURL(new RegExp(`/settlements/${first.setl_id}$`));
    const bill = page.getByTestId('bill');
    await bill.getByRole('heading', { name: '一站式结算单' }).waitFor();
    for (const k of ['medfee_sumamt', 'inscp_scp_amt', 'hifp_pay', 'hifmi_pay', 'maf_assist_pay', 'maf_reassist_pay', 'fund_pay_sumamt', 'psn_part_amt'] as const) {
      const shown = (await page.getByTestId(`split-${k}`).innerText()).replaceAll(',', '');
      expect(shown, k).toBe(first[k]);
    }
    expect(await bill.innerText()).toContain(NAME);
    expect(await bill.innerText()).toContain(MASKED);
    // each tier's explanation: the rule id and the clause the trace gives
    const trace = page.getByTestId('bill-trace');
    expect(await trace.locator('[data-tier]').count()).toBe(4);
    expect(await trace.locator('[data-tier="basic"]').innerText()).toMatch(/[A-Z]+-CQ-[A-Z0-9-]+/);
    expect(await trace.locator('[data-tier="basic"]').innerText()).toContain('§');
    expect(await page.getByTestId('bill-detail').innerText()).toContain('390100');
    expect(await page.getByTestId('bill-pack').innerText()).toContain('demo-cq-pengshui');
    await shot(page, 'bill');

    // printed: the bill alone
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('whoami').isVisible()).toBe(false);
    expect(await page.getByRole('menu').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /打印/ }).isVisible()).toBe(false);
    expect(await bill.isVisible()).toBe(true);
    expect(await page.getByTestId('split-psn_part_amt').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // English
    await page.getByText('EN', { exact: true }).click();
    await bill.getByRole('heading', { name: 'One-stop settlement bill' }).waitFor();
    for (const h of ['Insured person', 'Visit and settlement', 'Split of the cost', 'How each tier was calculated', 'Fund payment lines', 'Policy pack']) {
      await bill.getByRole('heading', { name: h }).waitFor();
    }
    expect(await page.getByTestId('bill-split').innerText()).toContain('Personal burden');
    await context.close();
  });

  it('a township user opening another township\u2019s person by URL sees only the not-found state', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.town005, `/persons/${PSN}`);
    await page.locator('.ant-result-404').waitFor();
    const body = await page.locator('body').innerText();
    expect(body).not.toContain(NAME);
    expect(body).not.toContain(MASKED);
    expect(await page.getByTestId('person-page').count()).toBe(0);
    await context.close();
  });

  it('the person\u2019s own township user sees the person, without the audit trail', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.town008, `/persons/${PSN}`);
    await page.getByTestId('person-name').filter({ hasText: NAME }).waitFor();
    await page.getByTestId('settlements').waitFor();
    expect(await page.getByTestId('audit').count()).toBe(0);
    await context.close();
  });
});
