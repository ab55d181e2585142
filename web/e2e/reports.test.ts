/**
 * Reports in the browser: the bureau produces REP-1 for the demonstration's year (2023: its
 * settlements and enrollments), sees it listed and on the page, downloads the XLSX (a zip: PK),
 * opens the printable page in a new tab and asks what changed since; town005 produces one that
 * holds its township's rows only, and its list holds none of the county's reports.
 */
import { readFileSync } from 'node:fs';
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

describe('reports', () => {
  it('the bureau produces REP-1 for 2023, sees it, downloads the XLSX and opens the printable page', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, '/reports');
    await page.getByTestId('report-kind').waitFor();
    expect(await page.getByTestId('report-kind').innerText()).toContain('REP-1 参保完成率及八类人群动态清零');
    await page.getByTestId('report-year').fill('2023');
    await page.getByTestId('produce').click();
    const view = page.getByTestId('report-view');
    await view.waitFor();
    await page.waitForURL(/[?&]id=\d+/);
    const id = /[?&]id=(\d+)/.exec(page.url())?.[1] ?? '';
    expect(await view.innerText()).toContain('REP-1');
    expect(await page.getByTestId('report-scope').innerText()).toBe('全县');
    // the townships' table: all eight townships and the county's total
    const towns = page.getByTestId('report-table-towns');
    await towns.waitFor();
    const text = await towns.innerText();
    for (const t of ['500243001', '500243005', '500243008', '合计']) expect(text).toContain(t);
    expect(text).toMatch(/\d+\.\d%/);
    // listed
    const row = page.getByTestId('reports-table').getByRole('row').filter({ hasText: '全县' }).filter({ has: page.getByRole('cell', { name: id, exact: true }) });
    await row.waitFor();
    expect(await row.innerText()).toContain('2023');
    await shot(page, 'reports');

    // the spreadsheet: a zip
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    expect(readFileSync(await download.path()).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // the printable page in a new tab
    const [printable] = await Promise.all([context.waitForEvent('page'), page.getByTestId('open-html').click()]);
    await printable.waitForLoadState();
    expect(await printable.locator('body').innerText()).toContain('参保完成率');
    await printable.close();

    // nothing changed since (no one touched the registry meanwhile … or the changes are listed)
    await page.getByTestId('show-changes').click();
    await page.getByTestId('no-changes').or(page.getByTestId('changes-table')).waitFor();
    await context.close();
  });

  it('offers each report only the periods it is owed for', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, '/reports');
    // REP-3 is quarterly: the form offers quarters only, and the quarter to choose
    await page.getByTestId('report-kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'REP-3' }).click();
    await expect.poll(() => page.getByTestId('report-period-kind').innerText()).toBe('季报');
    await page.getByTestId('report-period-kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '季报' }).filter({ visible: true }).waitFor();
    expect(await page.locator('.ant-select-item-option').filter({ hasText: /^(年报|月报|半年报)$/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByText('季度', { exact: true }).waitFor();
    await context.close();
  });

  it('town005 produces REP-1 for its township only, and sees only its own reports', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.town005, '/reports');
    expect(await page.getByTestId('own-town').innerText()).toContain('500243005');
    // the county's reports are not listed for a township
    await page.getByTestId('reports-table').waitFor();
    await expect.poll(() => page.getByTestId('reports-table').locator('tbody').innerText()).not.toContain('全县');
    await page.getByTestId('report-year').fill('2023');
    await page.getByTestId('produce').click();
    await page.getByTestId('report-view').waitFor();
    expect(await page.getByTestId('report-scope').innerText()).toBe('500243005');
    const towns = page.getByTestId('report-table-towns');
    await towns.waitFor();
    const rows = await towns.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(rows.length).toBe(2); // its township and the total
    expect(rows[0]).toContain('500243005');
    for (const other of ['500243001', '500243002', '500243003', '500243004', '500243006', '500243007', '500243008']) {
      expect(rows.join('\n')).not.toContain(other);
    }
    const listed = await page.getByTestId('reports-table').locator('tbody').innerText();
    expect(listed).toContain('500243005');
    expect(listed).not.toContain('全县');
    await context.close();
  });
});
