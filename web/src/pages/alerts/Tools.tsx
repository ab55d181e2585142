/**
 * The bureau's tools over the alert list: the push list for the townships (POST
 * /api/v1/alerts/push-list: the raised alerts whose rule pushes to the department, one sheet per
 * township, marked pushed; downloaded as XLSX) and the re-screening of a year (POST
 * /api/v1/alerts/rescreen). Both change the store, so both are behind a confirmation.
 */
import { App, Button, Form, Input, InputNumber, Radio, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { useLang, useT } from '../../i18n';
import { ConfirmDialog } from '../../components/Refusal';
import { fileNameOf, saveBlob } from '../../download';
import { DEPARTMENT, nameOf, PUSH_DEPARTMENTS } from '../../codes';

const S = {
  zh: {
    pushList: '生成推送清单', pushTitle: '生成推送清单（XLSX）', pushOk: '生成并下载', department: '推送部门', town: '乡镇或村代码（可选）', year: '年度（可选）',
    pushHelp: '清单列出所选范围内尚未推送、规则要求推送至该部门的预警，每个乡镇一个工作表；列入清单的预警即记为「已推送」。身份证号按您的权限脱敏。',
    pushed: '推送清单已下载：{n} 条预警（推送记录 {ids}）', townBad: '乡镇代码为 6 至 12 位数字',
    rescreen: '重新筛查', rescreenTitle: '全量重新筛查', rescreenOk: '开始筛查', rescreenHelp: '按运行中的政策包，对该年度每个有结算的人员重新筛查；新触发的规则生成预警（已有未办结的不重复）。人数多时需要一些时间。',
    rescreened: '{year} 年重新筛查完成：{persons} 人，新预警 {raised} 条', yearNeeded: '请填写年度', yearLabel: '年度',
  },
  en: {
    pushList: 'Build a push list', pushTitle: 'Build a push list (XLSX)', pushOk: 'Build and download', department: 'Department', town: 'Township or village code (optional)', year: 'Year (optional)',
    pushHelp: 'The list holds the raised alerts in this range whose rule pushes to the department, one sheet per township; the listed alerts become “pushed”. ID numbers are masked as your rights require.',
    pushed: 'Push list downloaded: {n} alerts (push record {ids})', townBad: 'A township code is 6 to 12 digits',
    rescreen: 'Re-screen', rescreenTitle: 'Re-screen a year', rescreenOk: 'Start', rescreenHelp: 'Every person with a settlement in the year is screened again under the pack in force; rules newly met raise alerts (never a second open one). A large year takes a while.',
    rescreened: 'Re-screened {year}: {persons} persons, {raised} new alerts', yearNeeded: 'Enter the year', yearLabel: 'Year',
  },
} as const;

async function postForFile(path: string, body: unknown): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试 / cannot reach the server: check the network and try again');
  }
  if (!res.ok) {
    let b: { error?: string; message?: string } = {};
    try {
      b = (await res.json()) as typeof b;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, b.error ?? `http-${res.status}`, b.message ?? `HTTP ${res.status}`);
  }
  return res;
}

export function PushListButton({ year, town, onDone }: { year: string; town: string; onDone: () => void }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [dept, setDept] = useState<string>(PUSH_DEPARTMENTS[0]);
  const [t2, setTown] = useState(town);
  const [y, setYear] = useState<number | null>(year === '' ? null : Number(year));
  const townOk = t2 === '' || /^[0-9]{6,12}$/.test(t2);
  return (
    <>
      <Button
        onClick={() => {
          setTown(town);
          setYear(year === '' ? null : Number(year));
          setOpen(true);
        }}
        data-testid="push-list"
      >
        {t('pushList')}
      </Button>
      <ConfirmDialog
        open={open}
        title={t('pushTitle')}
        okText={t('pushOk')}
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          if (!townOk) return false;
          const res = await postForFile('/api/v1/alerts/push-list', { department: dept, ...(t2 === '' ? {} : { town: t2 }), ...(y === null ? {} : { year: y }) });
          saveBlob(await res.blob(), fileNameOf(res, 'push-list.xlsx'));
          void message.success(t('pushed', { n: res.headers.get('x-alerts') ?? '?', ids: res.headers.get('x-push-ids') ?? '—' }));
          onDone();
          return true;
        }}
      >
        <Typography.Paragraph type="secondary">{t('pushHelp')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('department')}>
            <Radio.Group value={dept} onChange={(e) => setDept(String(e.target.value))} options={PUSH_DEPARTMENTS.map((d) => ({ value: d, label: nameOf(DEPARTMENT, d, lang) }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item label={t('town')} validateStatus={townOk ? undefined : 'error'} help={townOk ? undefined : t('townBad')}>
              <Input value={t2} onChange={(e) => setTown(e.target.value.trim())} maxLength={12} inputMode="numeric" aria-label={t('town')} />
            </Form.Item>
            <Form.Item label={t('year')}>
              <InputNumber value={y} onChange={(v) => setYear(typeof v === 'number' ? v : null)} min={2000} max={2100} precision={0} aria-label={t('year')} />
            </Form.Item>
          </Space>
        </Form>
      </ConfirmDialog>
    </>
  );
}

export function RescreenButton({ year, onDone }: { year: string; onDone: () => void }): ReactNode {
  const t = useT(S);
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [y, setYear] = useState<number | null>(year === '' ? new Date().getFullYear() : Number(year));
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('rescreen')}</Button>
      <ConfirmDialog
        open={open}
        title={t('rescreenTitle')}
        okText={t('rescreenOk')}
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          if (y === null) {
            void message.warning(t('yearNeeded'));
            return false;
          }
          const r = await api<{ year: number; persons: number; raised: number }>('/api/v1/alerts/rescreen', { method: 'POST', body: { year: y } });
          void message.success(t('rescreened', { year: r.year, persons: r.persons, raised: r.raised }));
          onDone();
          return true;
        }}
      >
        <Typography.Paragraph type="secondary">{t('rescreenHelp')}</Typography.Paragraph>
        <InputNumber value={y} onChange={(v) => setYear(typeof v === 'number' ? v : null)} min={2000} max={2100} precision={0} aria-label={t('yearLabel')} />
      </ConfirmDialog>
    </>
  );
}
