/** Sign-in: user name and password (POST /api/v1/session); the language can be chosen before signing in. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useErrorHint, useErrorText } from '../components/State';
import { useLang, useT } from '../i18n';
import { useSession } from '../session';

const S = {
  zh: {
    title: '三重 · 医保帮扶平台', subtitle: '基本医保、大病保险、医疗救助三重保障一站式结算与监测',
    username: '用户名', password: '密码', submit: '登录', required: '请填写', hint: '首次启动时，管理员密码在服务启动时打印，或由 SANCHONG_ADMIN_PASSWORD 设定。',
  },
  en: {
    title: 'Sanchong · Medical assistance', subtitle: 'One-stop settlement and monitoring of basic insurance, critical-illness insurance and medical assistance',
    username: 'User name', password: 'Password', submit: 'Sign in', required: 'Required', hint: 'On a new store the admin password is printed when the service starts, or set by SANCHONG_ADMIN_PASSWORD.',
  },
} as const;

export default function SignIn(): ReactNode {
  const t = useT(S);
  const { lang, setLang } = useLang();
  const { signIn } = useSession();
  const errorText = useErrorText();
  const errorHint = useErrorHint();
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { username: string; password: string }): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(v.username, v.password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f4fa' }}>
      <Card style={{ width: 400 }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Segmented size="small" value={lang} onChange={(v) => setLang(v === 'en' ? 'en' : 'zh')} options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]} aria-label="语言 / language" />
        </div>
        <Typography.Title level={3} style={{ marginTop: 8 }}>{t('title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('subtitle')}</Typography.Paragraph>
        {error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={errorText(error)} description={errorHint(error)} role="alert" />}
        <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)} requiredMark={false}>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="username" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('submit')}</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>{t('hint')}</Typography.Paragraph>
      </Card>
    </div>
  );
}
