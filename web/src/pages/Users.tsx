/**
 * Users and roles (admin only): the list (GET /api/v1/users), a new user (POST), and changes to one
 * (PATCH: role, area, unmask right, disabled, a new password). The server refuses what would leave
 * no enabled admin; its reason is shown.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError } from '../api';
import { EmptyState, ErrorState, useErrorText } from '../components/State';
import { dateTime } from '../format';
import { useApi } from '../hooks';
import { useT } from '../i18n';
import type { Role } from '../session';
import { useUser } from '../session';

const S = {
  zh: {
    title: '用户与角色', add: '新建用户', reload: '刷新', username: '用户名', role: '角色', area: '辖区代码', unmask: '可查看完整身份证号',
    status: '状态', enabled: '启用', disabled: '停用', createdBy: '创建人', createdAt: '创建时间', actions: '操作', edit: '修改',
    password: '密码', newPassword: '新密码（留空则不改）', save: '保存', cancel: '取消', created: '已创建用户 {u}', saved: '已保存 {u}',
    admin: '管理员', bureau: '医保局', township: '乡镇', viewer: '只读', none: '全部地区',
    areaHelp: '乡镇用户必填：区划代码前缀（6、9 或 12 位），只能看到此辖区的人员。', areaBad: '应为 6、9 或 12 位数字',
    pwHelp: '至少 10 个字符。', pwShort: '至少 10 个字符', required: '请填写', nameBad: '字母、数字、_ . @ -，1–64 个',
    roles: '角色说明：管理员管理用户与一切；医保局办理结算、导入、预警与个案；乡镇仅见本辖区人员，核实预警、申请个案；只读可查看不可操作。',
    empty: '还没有其他用户。点“新建用户”为医保局、乡镇或只读人员建账号。', filter: '按用户名筛选', you: '当前用户',
  },
  en: {
    title: 'Users and roles', add: 'New user', reload: 'Reload', username: 'User name', role: 'Role', area: 'Area code', unmask: 'May see full ID numbers',
    status: 'Status', enabled: 'Enabled', disabled: 'Disabled', createdBy: 'Created by', createdAt: 'Created', actions: 'Actions', edit: 'Edit',
    password: 'Password', newPassword: 'New password (empty: unchanged)', save: 'Save', cancel: 'Cancel', created: 'Created user {u}', saved: 'Saved {u}',
    admin: 'Administrator', bureau: 'Bureau', township: 'Township', viewer: 'Viewer', none: 'All areas',
    areaHelp: 'Required for a township user: the area code prefix (6, 9 or 12 digits); the user sees only persons under it.', areaBad: '6, 9 or 12 digits',
    pwHelp: 'At least 10 characters.', pwShort: 'At least 10 characters', required: 'Required', nameBad: '1–64 letters, digits, _ . @ -',
    roles: 'Roles: an administrator manages users and everything; the bureau settles, imports, and works alerts and cases; a township sees only its own area\u2019s persons, verifies alerts and applies for cases; a viewer reads only.',
    empty: 'No other users yet. Use "New user" to give bureau, township or viewer staff an account.', filter: 'Filter by user name', you: 'you',
  },
} as const;

interface UserRow {
  readonly username: string;
  readonly role: Role;
  readonly admdvs: string | null;
  readonly canUnmask: boolean;
  readonly disabled: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

interface FormValues {
  username: string;
  password?: string;
  role: Role;
  admdvs?: string;
  canUnmask: boolean;
  disabled?: boolean;
}

const ROLES: readonly Role[] = ['admin', 'bureau', 'township', 'viewer'];
const AREA = /^([0-9]{6}|[0-9]{9}|[0-9]{12})$/;

export default function Users(): ReactNode {
  const t = useT(S);
  const me = useUser();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const list = useApi<{ users: UserRow[] }>(me.role === 'admin' ? '/api/v1/users' : null);
  const [editing, setEditing] = useState<UserRow | 'new' | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [form] = Form.useForm<FormValues>();
  const role = Form.useWatch('role', form);

  const rows = useMemo(() => (list.data?.users ?? []).filter((u) => u.username.toLowerCase().includes(filter.trim().toLowerCase())), [list.data, filter]);

  if (me.role !== 'admin') return <ErrorState error={new ApiError(403, 'forbidden', t('title'))} />;
  if (list.error !== undefined) return <ErrorState error={list.error} onRetry={list.reload} />;

  const open = (u: UserRow | 'new'): void => {
    setFormError(undefined);
    setEditing(u);
    form.resetFields();
    if (u === 'new') form.setFieldsValue({ role: 'township', canUnmask: false });
    else form.setFieldsValue({ username: u.username, role: u.role, admdvs: u.admdvs ?? '', canUnmask: u.canUnmask, disabled: u.disabled });
  };

  const save = async (v: FormValues): Promise<void> => {
    setBusy(true);
    setFormError(undefined);
    const admdvs = v.admdvs === undefined || v.admdvs.trim() === '' ? null : v.admdvs.trim();
    try {
      if (editing === 'new') {
        await api('/api/v1/users', { method: 'POST', body: { username: v.username, password: v.password, role: v.role, admdvs, canUnmask: v.canUnmask } });
        void message.success(t('created', { u: v.username }));
      } else if (editing !== undefined) {
        const body: Record<string, unknown> = { role: v.role, admdvs, canUnmask: v.canUnmask, disabled: v.disabled ?? false };
        if (v.password !== undefined && v.password !== '') body['password'] = v.password;
        await api(`/api/v1/users/${encodeURIComponent(editing.username)}`, { method: 'PATCH', body });
        void message.success(t('saved', { u: editing.username }));
      }
      setEditing(undefined);
      list.reload();
    } catch (e) {
      setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
        <Space>
          <Input.Search allowClear placeholder={t('filter')} aria-label={t('filter')} onSearch={setFilter} onChange={(e) => setFilter(e.target.value)} style={{ width: 220 }} />
          <Button icon={<ReloadOutlined />} onClick={list.reload}>{t('reload')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>{t('add')}</Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('roles')}</Typography.Paragraph>
      <Table<UserRow>
        rowKey="username"
        loading={list.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: true }}
        locale={{ emptyText: <EmptyState description={t('empty')} /> }}
        columns={[
          { title: t('username'), dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username), render: (u: string) => (u === me.username ? <>{u} <Tag>{t('you')}</Tag></> : u) },
          { title: t('role'), dataIndex: 'role', filters: ROLES.map((r) => ({ text: t(r), value: r })), onFilter: (v, r) => r.role === v, render: (r: Role) => t(r) },
          { title: t('area'), dataIndex: 'admdvs', render: (a: string | null) => a ?? t('none') },
          { title: t('unmask'), dataIndex: 'canUnmask', render: (b: boolean) => (b ? '✓' : '') },
          { title: t('status'), dataIndex: 'disabled', render: (d: boolean) => (d ? <Tag color="red">{t('disabled')}</Tag> : <Tag color="green">{t('enabled')}</Tag>) },
          { title: t('createdBy'), dataIndex: 'createdBy', render: (c: string | null) => c ?? '—' },
          { title: t('createdAt'), dataIndex: 'createdAt', render: (c: string) => dateTime(c) },
          { title: t('actions'), key: 'actions', render: (_: unknown, u) => <Button size="small" onClick={() => open(u)} aria-label={`${t('edit')} ${u.username}`}>{t('edit')}</Button> },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing === 'new' ? t('add') : `${t('edit')} ${editing?.username ?? ''}`}
        okText={t('save')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEditing(undefined)}
        destroyOnHidden
      >
        {formError !== undefined && <Typography.Paragraph type="danger" role="alert">{formError}</Typography.Paragraph>}
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false}>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9_.@-]{1,64}$/, message: t('nameBad') }]}>
            <Input disabled={editing !== 'new'} autoComplete="off" id="user-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={editing === 'new' ? t('password') : t('newPassword')}
            extra={t('pwHelp')}
            rules={[{ required: editing === 'new', message: t('required') }, { min: 10, message: t('pwShort') }]}
          >
            <Input.Password autoComplete="new-password" id="user-password" />
          </Form.Item>
          <Form.Item name="role" label={t('role')} rules={[{ required: true, message: t('required') }]}>
            <Select id="user-role" options={ROLES.map((r) => ({ value: r, label: t(r) }))} />
          </Form.Item>
          <Form.Item
            name="admdvs"
            label={t('area')}
            extra={t('areaHelp')}
            rules={[
              { required: role === 'township', message: t('required') },
              { validator: (_r, v: string | undefined) => (v === undefined || v.trim() === '' || AREA.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('areaBad')))) },
            ]}
          >
            <Input id="user-admdvs" inputMode="numeric" />
          </Form.Item>
          <Form.Item name="canUnmask" valuePropName="checked">
            <Checkbox>{t('unmask')}</Checkbox>
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="disabled" label={t('disabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
