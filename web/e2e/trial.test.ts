/**
 * 试算 (trial) in the browser, in English: a stored person (P000000013 徐霞芳, 低保对象 since
 * 2019, township 500243004) and a hypothetical one. The page's split is the API's for the same
 * body; a bad amount is refused in the form; nothing is stored. Reads only: the trial stores
 * nothing, and the test checks that the person's settlements are unchanged.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from './browser';
import { shot, signIn, startBrowser } from './browser';

const PSN = 'P000000013';
const KEYS = ['hifp_pay', 'hifmi_pay', 'maf_assist_pay', 'maf_reassist_pay', 'fund_pay_sumamt', 'psn_part_amt', 'inscp_psn_part_amt'] as const;

let s: Session;
beforeAll(async () => {
  s = await startBrowser();
});
afterAll(async () => {
  await s.close();
});

/** The split as the page shows it: each amount cell's API value. */
async function shownSplit(page: Page): Promise<Record<string, string>> {
  await page.getByTestId('trial-result').waitFor();
  const out: Record<string, string> = {};
  for (const k of KEYS) out[k] = (await page.getByTestId(`split-${k}`).getAttribute('data-value')) ?? '';
  return out;
}

async function apiSplit(page: Page, body: Record<string, unknown>): Promise<Record<string, string>> {
  const res = await page.request.post('/api/v1/trial', { data: body });
  expect(res.status()).toBe(200);
  const a = (await res.json()) as Record<string, unknown>;
  expect(a['trial']).toBe(true);
  return Object.fromEntries(KEYS.map((k) => [k, String(a[k])]));
}

async function settlementsOf(page: Page): Promise<unknown> {
  const res = await page.request.get(`/api/v1/persons/${PSN}?year=2023`);
  expect(res.status()).toBe(200);
  const p = (await res.json()) as { settlements: unknown[]; accumulators: unknown; adjustments: unknown[] };
  return { settlements: p.settlements, accumulators: p.accumulators, adjustments: p.adjustments };
}

async function fillBill(page: Page, bill: { setl_time: string; medfee_sumamt: string; inscp_scp_amt: string; hosp_lv: string }): Promise<void> {
  // the hospital level: a select that searches as one types
  await page.locator('#hosp_lv').click();
  await page.locator('#hosp_lv').fill(bill.hosp_lv);
  await page.locator('#hosp_lv').press('Enter');
  await page.locator('#setl_time').fill(bill.setl_time);
  await page.locator('#medfee_sumamt').fill(bill.medfee_sumamt);
  await page.locator('#inscp_scp_amt').fill(bill.inscp_scp_amt);
}

describe('trial calculation', () => {
  it('runs a trial for a stored person: the API’s split, a bad amount refused in the form, nothing stored', async () => {
    const { context, page } = await s.open('en');
    await signIn(page, s.web.users.bureau, '/trial');
    await page.getByRole('heading', { name: 'Trial calculation' }).waitFor();
    const before = await settlementsOf(page);

    await page.locator('#psn_no').fill(PSN);
    // the lookup names the person (GET /api/v1/persons?q=)
    await page.getByText(/徐霞芳, ID 500243\*+/).waitFor();
    await page.locator('#psn_no').press('Escape');
    // an inpatient stay needs the hospital level: without it the pack refuses (422), shown at the field
    await page.locator('#setl_time').fill('2023-06-01 10:00:00');
    await page.locator('#medfee_sumamt').fill('50000.00');
    await page.locator('#inscp_scp_amt').fill('45000.00');
    await page.locator('#inscp_scp_amt').press('Enter');
    await page.locator('#hosp_lv_help').getByText('rule BASIC-CQ-L3 needs this field').waitFor();
    expect(await page.getByTestId('trial-error').innerText()).toContain('Correct the marked fields');
    await fillBill(page, { setl_time: '2023-06-01 10:00:00', medfee_sumamt: '50000.00', inscp_scp_amt: '45000.00', hosp_lv: '05' });
    // Enter submits
    await page.locator('#inscp_scp_amt').press('Enter');
    const shown = await shownSplit(page);
    const body = { psn_no: PSN, med_type: '21', hosp_lv: '05', setl_time: '2023-06-01 10:00:00', medfee_sumamt: '50000.00', inscp_scp_amt: '45000.00' };
    expect(shown).toEqual(await apiSplit(page, body));
    expect(Number(shown['maf_assist_pay'])).toBeGreaterThan(0);
    // the field's earlier refusal is gone with the answer
    expect(await page.locator('#hosp_lv_help').count()).toBe(0);
    expect(await page.getByTestId('trial-error').count()).toBe(0);
    // each tier's rule and clause, and the statement that nothing was stored
    const result = page.getByTestId('trial-result');
    await result.getByText('BEN-CQ-1', { exact: true }).waitFor();
    await result.getByText('§三(二)1').first().waitFor();
    expect(await page.getByTestId('not-stored').innerText()).toContain('no settlement was stored');
    await shot(page, 'trial');

    // an amount with three decimals is refused by the form, before any request
    await page.locator('#medfee_sumamt').fill('12.345');
    await page.locator('#medfee_sumamt').press('Enter');
    await page.getByText('Amounts are yuan with at most two decimals').waitFor();

    // nothing stored: the person's settlements, year totals and adjustment lines are as before
    expect(await settlementsOf(page)).toEqual(before);
    await context.close();
  });

  it('runs a trial for a hypothetical person and shows a policy refusal (422) above the form', async () => {
    const { context, page } = await s.open('en');
    await signIn(page, s.web.users.bureau, '/trial');
    await page.getByText('Hypothetical person', { exact: true }).click();
    await page.locator('#insuplc_admdvs').fill('500243');
    await page.locator('#insuplc_admdvs').press('Escape');
    await page.getByRole('button', { name: 'Add an identity' }).click();
    await page.locator('#identities_0_idet_type').click();
    await page.locator('#identities_0_idet_type').fill('Minimum-living');
    await page.locator('#identities_0_idet_type').press('Enter');
    await page.locator('#identities_0_begndate').fill('2020-01-01');
    await fillBill(page, { setl_time: '2023-07-01 09:30:00', medfee_sumamt: '30000.00', inscp_scp_amt: '27000.50', hosp_lv: '08' });
    await page.locator('#inscp_scp_amt').press('Enter');
    const shown = await shownSplit(page);
    const body = {
      insuplc_admdvs: '500243', identities: [{ idet_type: 'dibao', begndate: '2020-01-01' }],
      med_type: '21', hosp_lv: '08', setl_time: '2023-07-01 09:30:00', medfee_sumamt: '30000.00', inscp_scp_amt: '27000.50',
    };
    expect(shown).toEqual(await apiSplit(page, body));
    expect(await page.getByTestId('trial-result').innerText()).toContain('hypothetical person');

    // a medical type whose [local] value the pack leaves unset: 422, the reason in English above the form
    await page.locator('#med_type').fill('9901');
    await page.locator('#med_type').press('Escape');
    await page.locator('#inscp_scp_amt').press('Enter');
    const alert = page.getByTestId('trial-error');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('lacks the [local] value');
    expect(text).not.toContain('缺少本地参数');
    expect(await page.getByTestId('trial-result').count()).toBe(0);

    // a 400 with a field: shown next to the field (setl_time before the pack is in force is a 422 with field)
    await page.locator('#med_type').fill('21');
    await page.locator('#med_type').press('Escape');
    await page.locator('#setl_time').fill('2019-06-01 10:00:00');
    await page.locator('#setl_time').press('Enter');
    await page.locator('#setl_time_help').getByText(/settled before pack/).waitFor();
    await context.close();
  });
});
