/**
 * The trial form: the person (a stored one by number, or a hypothetical one by region, insurance
 * tier and dated identities) and the bill (NHSA settlement fields). Amounts are typed as yuan
 * text with at most two decimals and sent as typed (strings): the browser never rounds them.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useLang, useT } from '../../i18n';
import { CATEGORY, entriesOf, HOSP_LV, MED_TYPE } from '../../codes';
import { DATE, SETL_TIME, YUAN_TEXT } from './patterns';
import type { PersonHit } from '../../types';
import { PersonPicker } from './PersonPicker';

export interface IdentityValue {
  idet_type?: string;
  begndate?: string;
  enddate?: string;
  idet_lv?: number | null;
}

export interface TrialValues {
  mode: 'stored' | 'hypothetical';
  psn_no?: string;
  insuplc_admdvs?: string;
  insu_tier?: number;
  identities?: IdentityValue[];
  med_type?: string;
  setl_time?: string;
  hosp_lv?: string;
  medfee_sumamt?: string;
  inscp_scp_amt?: string;
  fulamt_ownpay_amt?: string;
  overlmt_selfpay?: string;
  preselfpay_amt?: string;
  hifp_pay?: string;
  hifmi_pay?: string;
}

export const AMOUNT_FIELDS = ['medfee_sumamt', 'inscp_scp_amt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'hifp_pay', 'hifmi_pay'] as const;

/** The body of POST /api/v1/trial from the form: empty fields left out, amounts as typed. */
export function trialBody(v: TrialValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const put = (k: string, x: string | number | undefined | null): void => {
    if (x === undefined || x === null) return;
    const s = typeof x === 'string' ? x.trim() : x;
    if (s !== '') body[k] = s;
  };
  if (v.mode === 'stored') put('psn_no', v.psn_no);
  else {
    put('insuplc_admdvs', v.insuplc_admdvs);
    put('insu_tier', v.insu_tier);
    body['identities'] = (v.identities ?? [])
      .filter((i) => (i.idet_type ?? '') !== '')
      .map((i) => {
        const o: Record<string, unknown> = { idet_type: i.idet_type, begndate: (i.begndate ?? '').trim() };
        if ((i.enddate ?? '').trim() !== '') o['enddate'] = (i.enddate ?? '').trim();
        if (i.idet_lv !== undefined && i.idet_lv !== null) o['idet_lv'] = i.idet_lv;
        return o;
      });
  }
  put('med_type', v.med_type);
  put('setl_time', v.setl_time);
  put('hosp_lv', v.hosp_lv);
  for (const f of AMOUNT_FIELDS) put(f, v[f]);
  return body;
}

/** The medical types the form offers (any other code may be typed). */
const MED_TYPES = entriesOf(MED_TYPE).filter((m) => ['11', '14', '21', '9901'].includes(m.code));

const S = {
  zh: {
    person: '人员', stored: '库中人员', hypothetical: '假设人员', psnNo: '人员编号', region: '参保地医保区划', regionHelp: '6位区划代码，须为本系统运行的政策包所在地区',
    tier: '居民医保档次', tier1: '一档', tier2: '二档', tierNone: '不指定',
    identities: '身份', category: '身份类别', begin: '开始日期', end: '结束日期', level: '等级（残疾人）', addIdentity: '添加身份', removeIdentity: '删除此身份',
    noIdentity: '没有身份：按普通参保人试算。',
    bill: '费用', medType: '医疗类别', setlTime: '结算时间', hospLv: '医院等级', total: '医疗费总额（元）', scope: '符合政策范围金额（元）',
    ownpay: '全自费金额（元）', overlimit: '超限价自付（元）', preself: '先行自付（元）',
    given: '已知的上游支付（可选）', givenHelp: '国家平台或承保机构已算出时填写；不填则由本系统按政策包计算。',
    basicGiven: '基本医保统筹支付（元）', ciGiven: '大病保险支付（元）',
    required: '请填写', amountFormat: '金额应为元，最多两位小数，如 1234.56（不要千分位或负号）', timeFormat: '格式为 yyyy-MM-dd HH:mm:ss，如 2023-06-01 10:00:00',
    dateFormat: '格式为 yyyy-MM-dd', regionFormat: '应为6位数字', submit: '试算', reset: '清空', enterHint: '在任一输入框中按回车即可试算。',
    chosen: '{name}，证件号 {cert}，乡镇 {town}',
  },
  en: {
    person: 'Person', stored: 'Stored person', hypothetical: 'Hypothetical person', psnNo: 'Person number', region: 'Insured region (insuplc_admdvs)', regionHelp: 'The 6-digit code of a region whose pack this service runs',
    tier: 'Resident insurance tier', tier1: 'Tier 1', tier2: 'Tier 2', tierNone: 'Not given',
    identities: 'Identities', category: 'Category', begin: 'Begins', end: 'Ends', level: 'Level (disability)', addIdentity: 'Add an identity', removeIdentity: 'Remove this identity',
    noIdentity: 'No identity: the trial treats the person as an ordinary insured person.',
    bill: 'Bill', medType: 'Medical type', setlTime: 'Settlement time', hospLv: 'Hospital level', total: 'Total cost (yuan)', scope: 'Policy-scope amount (yuan)',
    ownpay: 'Fully self-paid (yuan)', overlimit: 'Over-limit self-paid (yuan)', preself: 'Pre-paid share (yuan)',
    given: 'Upstream payments already known (optional)', givenHelp: 'Fill in when the national platform or the insurer has computed them; left empty, this system computes them from the pack.',
    basicGiven: 'Basic insurance paid (yuan)', ciGiven: 'Critical-illness insurance paid (yuan)',
    required: 'Required', amountFormat: 'Amounts are yuan with at most two decimals, e.g. 1234.56 (no separators, no sign)', timeFormat: 'Format yyyy-MM-dd HH:mm:ss, e.g. 2023-06-01 10:00:00',
    dateFormat: 'Format yyyy-MM-dd', regionFormat: 'Six digits', submit: 'Calculate', reset: 'Clear', enterHint: 'Press Enter in any field to calculate.',
    chosen: '{name}, ID {cert}, township {town}',
  },
} as const;

export function TrialForm({ form, regions, busy, initialValues, onSubmit }: {
  form: FormInstance<TrialValues>;
  initialValues: TrialValues;
  regions: readonly { admdvs: string; name: string }[];
  busy: boolean;
  onSubmit: (v: TrialValues) => void;
}): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const [picked, setPicked] = useState<PersonHit | undefined>(undefined);
  const mode = Form.useWatch('mode', form) ?? 'stored';
  const amountRule = { pattern: YUAN_TEXT, message: t('amountFormat') };
  const amount = (name: (typeof AMOUNT_FIELDS)[number], label: string, required = false): ReactNode => (
    <Col xs={24} sm={12} lg={8}>
      <Form.Item name={name} label={label} rules={required ? [{ required: true, message: t('required') }, amountRule] : [amountRule]} validateFirst>
        <Input inputMode="decimal" className="num" autoComplete="off" placeholder="0.00" />
      </Form.Item>
    </Col>
  );
  return (
    <Form<TrialValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={onSubmit}
      requiredMark
      scrollToFirstError
      // a changed field loses the server's reason for its earlier value (fields with rules revalidate anyway)
      onValuesChange={(changed: Partial<TrialValues>) => form.setFields(Object.keys(changed).filter((k) => k !== 'identities').map((k) => ({ name: k as keyof TrialValues, errors: [] })))}
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('person')}</Typography.Title>
      <Form.Item name="mode">
        <Radio.Group optionType="button" options={[{ value: 'stored', label: t('stored') }, { value: 'hypothetical', label: t('hypothetical') }]} />
      </Form.Item>
      {mode === 'stored' ? (
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Form.Item
              name="psn_no"
              label={t('psnNo')}
              rules={[{ required: true, whitespace: true, message: t('required') }]}
              extra={picked === undefined ? undefined : t('chosen', { name: picked.psn_name ?? '—', cert: picked.certno ?? '—', town: picked.town_admdvs ?? '—' })}
            >
              <PersonPicker onPick={setPicked} />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="insuplc_admdvs" label={t('region')} extra={t('regionHelp')} rules={[{ required: true, message: t('required') }, { pattern: /^\d{6}$/, message: t('regionFormat') }]} validateFirst>
                <AutoComplete options={regions.map((r) => ({ value: r.admdvs, label: `${r.admdvs} ${r.name}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="insu_tier" label={t('tier')}>
                <Select allowClear placeholder={t('tierNone')} options={[{ value: 1, label: t('tier1') }, { value: 2, label: t('tier2') }]} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('identities')}</Typography.Text>
          <Form.List name="identities">
            {(fields, { add, remove }) => (
              <div style={{ marginTop: 8 }}>
                {fields.length === 0 && <Typography.Paragraph type="secondary">{t('noIdentity')}</Typography.Paragraph>}
                {fields.map((f) => (
                  <Row gutter={12} key={f.key} align="top">
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'idet_type']} label={t('category')} rules={[{ required: true, message: t('required') }]}>
                        <Select
                          showSearch={{ optionFilterProp: 'label' }}
                          options={entriesOf(CATEGORY).map((c) => ({ value: c.code, label: lang === 'zh' ? c.zh : `${c.en} (${c.zh})` }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[f.name, 'begndate']} label={t('begin')} rules={[{ required: true, message: t('required') }, { pattern: DATE, message: t('dateFormat') }]} validateFirst>
                        <Input placeholder="2023-01-01" autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[f.name, 'enddate']} label={t('end')} rules={[{ pattern: DATE, message: t('dateFormat') }]}>
                        <Input placeholder="—" autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[f.name, 'idet_lv']} label={t('level')}>
                        <InputNumber min={1} max={4} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={2}>
                      <Form.Item label=" ">
                        <Button icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('removeIdentity')} title={t('removeIdentity')} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Form.Item>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ idet_type: undefined, begndate: '' })}>{t('addIdentity')}</Button>
                </Form.Item>
              </div>
            )}
          </Form.List>
        </>
      )}

      <Typography.Title level={5}>{t('bill')}</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} sm={12} lg={8}>
          <Form.Item name="med_type" label={t('medType')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <AutoComplete options={MED_TYPES.map((m) => ({ value: m.code, label: `${m.code} ${m[lang]}` }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Form.Item name="setl_time" label={t('setlTime')} rules={[{ required: true, message: t('required') }, { pattern: SETL_TIME, message: t('timeFormat') }]} validateFirst>
            <Input placeholder="2023-06-01 10:00:00" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Form.Item name="hosp_lv" label={t('hospLv')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={entriesOf(HOSP_LV).map((h) => ({ value: h.code, label: `${h.code} ${h[lang]}` }))} />
          </Form.Item>
        </Col>
        {amount('medfee_sumamt', t('total'), true)}
        {amount('inscp_scp_amt', t('scope'), true)}
        {amount('fulamt_ownpay_amt', t('ownpay'))}
        {amount('overlmt_selfpay', t('overlimit'))}
        {amount('preselfpay_amt', t('preself'))}
      </Row>
      <Typography.Text strong>{t('given')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('givenHelp')}</Typography.Paragraph>
      <Row gutter={16}>
        {amount('hifp_pay', t('basicGiven'))}
        {amount('hifmi_pay', t('ciGiven'))}
      </Row>
      <Form.Item extra={t('enterHint')}>
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginRight: 8 }}>{t('submit')}</Button>
        <Button htmlType="button" onClick={() => form.resetFields()}>{t('reset')}</Button>
      </Form.Item>
    </Form>
  );
}
