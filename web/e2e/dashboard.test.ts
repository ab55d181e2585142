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

interface DashboardAnswer {
  year: number;
  town: string | null;
  enrollment: { total: { rate: string }; towns: { town: string }[] };
  protection: { rate: string };
  spending: { fund_pay_sumamt: string };
  alerts: { open: number };
}

const grouped = (s: string): string => s.replace(/\B(?=(\d{3})+(?!\d))(?=[\d]*\.)/g, ',');

describe('dashboard', () => {
  it('the bureau sees the region\u2019s figures as the API states them, with charts', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, '/');
    const d = (await (await page.request.get('/api/v1/dashboard')).json()) as DashboardAnswer;
    expect(d.town).toBeNull();
    // the demo's eight townships (another test file may import persons of a ninth)
    expect(d.enrollment.towns.map((t) => t.town)).toEqual(expect.arrayContaining(['500243001', '500243002', '500243003', '500243004', '500243005', '500243006', '500243007', '500243008']));
    await expect(page.getByTestId('kpi-enrollment').innerText()).resolves.toContain(d.enrollment.total.rate);
    await expect(page.getByTestId('kpi-protection').innerText()).resolves.toContain(d.protection.rate);
    await expect(page.getByTestId('open-alerts').innerText()).resolves.toBe(String(d.alerts.open));
    await expect(page.getByTestId('funds').innerText()).resolves.toContain(grouped(d.spending.fund_pay_sumamt));
    // the charts are drawn (ECharts renders SVG)
    await page.locator('[role=img][aria-label="各乡镇参保完成率"] svg').waitFor();
    expect(await page.locator('[role=img] svg').count()).toBeGreaterThanOrEqual(3);
    await shot(page, 'dashboard');
    await context.close();
  });

  it('a township user sees only the township, in English too', async () => {
    const { context, page } = await s.open('en');
    await signIn(page, s.web.users.town008, '/');
    await page.getByRole('heading').getByText('Township 500243008').waitFor();
    const d = (await (await page.request.get('/api/v1/dashboard')).json()) as DashboardAnswer;
    expect(d.town).toBe('500243008');
    expect(d.enrollment.towns.map((t) => t.town)).toEqual(['500243008']);
    await expect(page.getByTestId('kpi-enrollment').innerText()).resolves.toContain(d.enrollment.total.rate);
    await page.getByText('Enrollment completion by township').waitFor();
    await context.close();
  });
});
