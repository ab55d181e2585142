/**
 * The application's frame: the sign-in guard, the side menu (what the user's role may use), the
 * header (who is signed in, the language switch, sign-out) and the routes, each page loaded when
 * first opened.
 */
import {
  AlertOutlined, AuditOutlined, BookOutlined, CalculatorOutlined, DashboardOutlined, FileExcelOutlined,
  LogoutOutlined, SolutionOutlined, TeamOutlined, UploadOutlined, UserOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Segmented, Space, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Loading } from './components/State';
import { LangProvider, useLang, useT } from './i18n';
import type { Role } from './session';
import { SessionProvider, useSession, useUser } from './session';
import SignIn from './pages/SignIn';

const Dashboard = lazy(() => import('./pages/Dashboard'));
const Persons = lazy(() => import('./pages/Persons'));
const Person = lazy(() => import('./pages/Person'));
const Bill = lazy(() => import('./pages/Bill'));
const Trial = lazy(() => import('./pages/Trial'));
const Imports = lazy(() => import('./pages/Imports'));
const Import = lazy(() => import('./pages/Import'));
const Alerts = lazy(() => import('./pages/Alerts'));
const Alert = lazy(() => import('./pages/Alert'));
const Cases = lazy(() => import('./pages/Cases'));
const Case = lazy(() => import('./pages/Case'));
const Reports = lazy(() => import('./pages/Reports'));
const Packs = lazy(() => import('./pages/Packs'));
const Pack = lazy(() => import('./pages/Pack'));
const Users = lazy(() => import('./pages/Users'));

const S = {
  zh: {
    app: '三重 · 医保帮扶', dashboard: '概览', persons: '人员查询', trial: '试算', imports: '导入',
    alerts: '监测预警', cases: '个案', reports: '报表', packs: '政策包', users: '用户与角色', signOut: '退出',
    admin: '管理员', bureau: '医保局', township: '乡镇', viewer: '只读', notFound: '没有这个页面', home: '返回概览',
  },
  en: {
    app: 'Sanchong 三重', dashboard: 'Dashboard', persons: 'Persons', trial: 'Trial calculation', imports: 'Imports',
    alerts: 'Alerts', cases: 'Cases', reports: 'Reports', packs: 'Policy packs', users: 'Users and roles', signOut: 'Sign out',
    admin: 'Administrator', bureau: 'Bureau', township: 'Township', viewer: 'Viewer', notFound: 'No such page', home: 'Back to the dashboard',
  },
} as const;

type MenuKey = 'dashboard' | 'persons' | 'trial' | 'imports' | 'alerts' | 'cases' | 'reports' | 'packs' | 'users';

/** The menu and who may use each entry (the API enforces the same; the menu only hides what would be refused). */
const MENU: readonly { key: MenuKey; path: string; icon: ReactNode; roles: readonly Role[] }[] = [
  { key: 'dashboard', path: '/', icon: <DashboardOutlined />, roles: ['admin', 'bureau', 'township', 'viewer'] },
  { key: 'persons', path: '/persons', icon: <UserOutlined />, roles: ['admin', 'bureau', 'township', 'viewer'] },
  { key: 'trial', path: '/trial', icon: <CalculatorOutlined />, roles: ['admin', 'bureau', 'township'] },
  { key: 'imports', path: '/imports', icon: <UploadOutlined />, roles: ['admin', 'bureau'] },
  { key: 'alerts', path: '/alerts', icon: <AlertOutlined />, roles: ['admin', 'bureau', 'township', 'viewer'] },
  { key: 'cases', path: '/cases', icon: <SolutionOutlined />, roles: ['admin', 'bureau', 'township', 'viewer'] },
  { key: 'reports', path: '/reports', icon: <FileExcelOutlined />, roles: ['admin', 'bureau', 'township', 'viewer'] },
  { key: 'packs', path: '/packs', icon: <BookOutlined />, roles: ['admin', 'bureau', 'township', 'viewer'] },
  { key: 'users', path: '/users', icon: <TeamOutlined />, roles: ['admin'] },
];

function selectedKey(pathname: string): string {
  const hit = MENU.filter((m) => m.path !== '/' && (pathname === m.path || pathname.startsWith(`${m.path}/`)))[0];
  if (hit !== undefined) return hit.key;
  if (pathname.startsWith('/settlements/')) return 'persons';
  return pathname === '/' ? 'dashboard' : '';
}

function Frame(): ReactNode {
  const t = useT(S);
  const user = useUser();
  const { signOut } = useSession();
  const { lang, setLang } = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const items = MENU.filter((m) => m.roles.includes(user.role)).map((m) => ({ key: m.key, icon: m.icon, label: t(m.key), onClick: () => void navigate(m.path) }));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider className="no-print" breakpoint="lg" collapsedWidth={56} theme="light" width={216}>
        <div className="brand">
          <AuditOutlined /> <span className="brand-text">{t('app')}</span>
        </div>
        <Menu mode="inline" selectedKeys={[selectedKey(location.pathname)]} items={items} aria-label={t('app')} />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="no-print app-header">
          <Space size="middle">
            <Segmented
              size="small"
              value={lang}
              onChange={(v) => setLang(v === 'en' ? 'en' : 'zh')}
              options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]}
              aria-label="语言 / language"
            />
            <Typography.Text data-testid="whoami">
              {user.username} <Tag>{t(user.role)}{user.admdvs === null ? '' : ` ${user.admdvs}`}</Tag>
            </Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={() => void signOut().then(() => navigate('/signin'))}>
              {t('signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={<Dashboard />} />
              <Route path="/persons" element={<Persons />} />
              <Route path="/persons/:psnNo" element={<Person />} />
              <Route path="/settlements/:setlId" element={<Bill />} />
              <Route path="/trial" element={<Trial />} />
              <Route path="/imports" element={<Imports />} />
              <Route path="/imports/:id" element={<Import />} />
              <Route path="/alerts" element={<Alerts />} />
              <Route path="/alerts/:id" element={<Alert />} />
              <Route path="/cases" element={<Cases />} />
              <Route path="/cases/:id" element={<Case />} />
              <Route path="/reports" element={<Reports />} />
              <Route path="/packs" element={<Packs />} />
              <Route path="/packs/:id" element={<Pack />} />
              <Route path="/users" element={<Users />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function NotFound(): ReactNode {
  const t = useT(S);
  const navigate = useNavigate();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Typography.Title level={3}>{t('notFound')}</Typography.Title>
      <Button type="primary" onClick={() => void navigate('/')}>{t('home')}</Button>
    </div>
  );
}

/** Signed in: the frame; not: the sign-in page, coming back here afterwards. */
function Guard(): ReactNode {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) {
    if (location.pathname === '/signin') return <SignIn />;
    return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (location.pathname === '/signin') {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  return <Frame />;
}

function Localised(): ReactNode {
  const { lang } = useLang();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.title = lang === 'zh' ? '三重 · 医保帮扶平台' : 'Sanchong · medical assistance';
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1554ad', borderRadius: 4 } }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Guard />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export default function App(): ReactNode {
  return (
    <LangProvider>
      <Localised />
    </LangProvider>
  );
}
