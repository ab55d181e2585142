/**
 * 导入 (imports) in the browser, in Chinese. Works only on persons and settlements it creates:
 * P900000001 … P900000004 (township 500243009, which no test user's area covers) and their
 * settlements T900000001…; nothing of the demonstration region is touched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from './browser';
import { shot, signIn, startBrowser } from './browser';

const PERSONS = `psn_no,certno,psn_name,insuplc_admdvs,insu_tier,town_admdvs,village_admdvs
P900000001,,导入测试甲,500243,1,500243009,500243009001
P900000002,,导入测试乙,500243,1,500243009,500243009002
`;
const HEADER = 'setl_id,psn_no,med_type,hosp_lv,setl_time,medfee_sumamt,inscp_scp_amt';
// line 3: an amount with three decimals
const SETTLEMENTS = `${HEADER}
T900000001,P900000001,21,05,2023-03-01 09:00:00,1000.00,900.00
T900000002,P900000002,21,05,2023-04-01 09:00:00,1200.345,1000.00
`;
const CORRECTED = `${HEADER}
T900000002,P900000002,21,05,2023-04-01 09:00:00,1200.35,1000.00
`;

// one person per file, for the long-import test (each file a batch of its own)
const personFile = (n: number): string => `psn_no,certno,psn_name,insuplc_admdvs,insu_tier,town_admdvs,village_admdvs
P90000000${n},,导入测试${n},500243,1,500243009,500243009001
`;

let s: Session;
let dir: string;
beforeAll(async () => {
  s = await startBrowser();
  dir = mkdtempSync(join(tmpdir(), 'sanchong-e2e-imports-'));
  writeFileSync(join(dir, 'persons-p9.csv'), PERSONS);
  writeFileSync(join(dir, 'settlements-p9.csv'), SETTLEMENTS);
  writeFileSync(join(dir, 'settlements-p9-fixed.csv'), CORRECTED);
  writeFileSync(join(dir, 'persons-p9-3.csv'), personFile(3));
  writeFileSync(join(dir, 'persons-p9-4.csv'), personFile(4));
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Chooses the kind (unless the panel's is fixed) and the file, uploads, and answers the result's text. */
async function upload(page: Page, file: string, kind?: string): Promise<{ text: string; outcome: string | null }> {
  const panel = page.getByTestId('upload-panel');
  if (kind !== undefined) await panel.getByText(kind, { exact: true }).click();
  await panel.locator('input[type=file]').setInputFiles(join(dir, file));
  await panel.getByTestId('upload-start').click();
  const result = panel.getByTestId('upload-result');
  await result.waitFor();
  return { text: await result.innerText(), outcome: await result.getAttribute('data-outcome') };
}

async function batchCount(page: Page): Promise<number> {
  const res = await page.request.get('/api/v1/imports?limit=1');
  expect(res.status()).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

describe('imports', () => {
  it('imports a file with a bad row, shows and downloads the reject, re-imports the correction; the same file twice changes nothing', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, '/imports');
    await page.getByRole('heading', { name: '导入', exact: true }).waitFor();

    const persons = await upload(page, 'persons-p9.csv', '人员');
    expect(persons.text).toContain('接受 2 行，没有被拒绝的行');

    const first = await upload(page, 'settlements-p9.csv', '结算');
    expect(first.text).toMatch(/批次 \d+ 已导入：接受 1 行，拒绝 1 行/);
    // the list shows the new batch
    await page.getByRole('cell', { name: 'settlements-p9.csv' }).waitFor();
    await shot(page, 'imports');

    // the batch page: counts, and the reject with its line, field and reason in Chinese
    await page.getByTestId('upload-result').getByRole('link').click();
    await page.waitForURL(/\/imports\/\d+$/);
    const batchId = Number(/\/imports\/(\d+)$/.exec(page.url())?.[1]);
    expect(await page.getByTestId('batch-accepted').innerText()).toBe('1');
    expect(await page.getByTestId('batch-rejected').innerText()).toBe('1');
    const row = page.getByTestId('rejects-table').locator('tbody tr').filter({ hasText: 'settlements-p9.csv' });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells).toEqual(expect.arrayContaining(['3', '医疗费总额（medfee_sumamt）', '金额超过两位小数（不做四舍五入）', 'P900000002']));
    await shot(page, 'import-rejects');

    // the rejects as XLSX and CSV (the download event; the files' contents)
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const xlsxPath = join(dir, 'rejects.xlsx');
    await xlsx.saveAs(xlsxPath);
    expect(readFileSync(xlsxPath).subarray(0, 2).toString()).toBe('PK');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const csvPath = join(dir, 'rejects.csv');
    await csv.saveAs(csvPath);
    const text = readFileSync(csvPath, 'utf8');
    expect(text).toContain('settlements-p9.csv,3,medfee_sumamt,');
    expect(text).toContain('T900000002');

    // the corrected row, uploaded from the batch page (same kind): accepted, no rejects
    const before = await batchCount(page);
    const fixed = await upload(page, 'settlements-p9-fixed.csv');
    expect(fixed.text).toMatch(/批次 \d+ 已导入：接受 1 行，没有被拒绝的行/);
    await page.getByTestId('upload-result').getByRole('link').click();
    await page.waitForURL((u) => /\/imports\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${batchId}`));
    await page.getByTestId('no-rejects').waitFor();
    expect(await page.getByTestId('batch-rejected').innerText()).toBe('0');
    expect(await batchCount(page)).toBe(before + 1);
    const settled = await page.request.get('/api/v1/settlements/T900000002');
    expect(settled.status()).toBe(200);
    expect(((await settled.json()) as { medfee_sumamt: string }).medfee_sumamt).toBe('1200.35');

    // the same file again: the API answers the earlier batch (200), nothing changes, and the page says so
    await page.goto('/imports');
    const again = await upload(page, 'settlements-p9-fixed.csv', '结算');
    expect(again.outcome).toBe('already-imported');
    expect(again.text).toContain('本次没有做任何更改');
    expect(await batchCount(page)).toBe(before + 1);
    await context.close();
  });

  it('follows a long import: on a 202 it shows the import running and polls until the batch is done', async () => {
    // An import answers 202 when it takes more than a few seconds (IMPORT_WAIT_MS), which no file of
    // a browser test does: the page's upload is intercepted, the same file is uploaded to the real
    // server by the test (Chromium does not hand an intercepted request's file body on), and the
    // page is answered as a long import answers — 202 with the batch so far, or (the batch not yet
    // recorded) only "running". The page then polls the real server, as it would.
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.bureau, '/imports');
    await page.getByRole('heading', { name: '导入', exact: true }).waitFor();
    let answered = 0;
    let uploading = '';
    await page.route('**/api/v1/imports/persons', async (route) => {
      const real = await page.request.post('/api/v1/imports/persons', {
        multipart: { file: { name: uploading, mimeType: 'text/csv', buffer: readFileSync(join(dir, uploading)) } },
      });
      expect(real.status()).toBe(201);
      const batch = (await real.json()) as { status: string };
      answered++;
      const running = answered === 1 ? { ...batch, status: 'running' } : { status: 'running', message: '正在导入 / importing' };
      await route.fulfill({ status: 202, contentType: 'application/json', body: JSON.stringify(running) });
    });
    // the page's GETs of batches while it waits (the list page's own use pages of 20 and more)
    const polls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (r.method() === 'GET' && /^\/api\/v1\/imports(\/\d+)?$/.test(u.pathname)) polls.push(u.pathname + u.search);
    });

    for (const [n, file] of [[1, 'persons-p9-3.csv'], [2, 'persons-p9-4.csv']] as const) {
      const panel = page.getByTestId('upload-panel');
      uploading = file;
      await panel.getByText('人员', { exact: true }).click();
      await panel.locator('input[type=file]').setInputFiles(join(dir, file));
      await panel.getByTestId('upload-start').click();
      // while it polls, the panel says the server is importing
      await panel.getByTestId('upload-progress').getByText('服务器正在导入').waitFor();
      const result = panel.getByTestId('upload-result');
      await result.waitFor({ timeout: 20_000 });
      expect(answered).toBe(n);
      expect(await result.innerText()).toMatch(/批次 \d+ 已导入：接受 1 行，没有被拒绝的行/);
      expect(await result.getAttribute('data-outcome')).toBe('imported');
    }
    // the first polled its batch's status URL; the second, told only "running", found its batch in the list first
    expect(polls.filter((p) => /^\/api\/v1\/imports\/\d+$/.test(p)).length).toBeGreaterThanOrEqual(2);
    expect(polls).toContain('/api/v1/imports?limit=5');
    for (const psn of ['P900000003', 'P900000004']) expect((await page.request.get(`/api/v1/persons/${psn}`)).status()).toBe(200);
    await context.close();
  });

  it('does not offer imports to a township user, and /imports answers the 403 state', async () => {
    const { context, page } = await s.open('zh');
    await signIn(page, s.web.users.town005);
    expect(await page.getByRole('menu').innerText()).not.toContain('导入');
    await page.goto('/imports');
    await page.getByText('您的角色无权进行此操作').waitFor();
    expect(await page.getByTestId('upload-panel').count()).toBe(0);
    // the server refuses the same
    expect((await page.request.get('/api/v1/imports')).status()).toBe(403);
    await page.goto('/imports/1');
    await page.getByText('您的角色无权进行此操作').waitFor();
    await context.close();
  });
});
