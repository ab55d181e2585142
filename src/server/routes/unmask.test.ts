import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../store/audit.js';
import type { AuthTestApp } from '../test-support/auth-app.js';
import { authTestApp } from '../test-support/auth-app.js';

describe('POST /api/v1/persons/{psn_no}/certno', () => {
  let t: AuthTestApp;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    t = await authTestApp();
    await t.db.query(
      `INSERT INTO persons (psn_no, admdvs, certno, town_admdvs, village_admdvs) VALUES
       ('P1', '500243', '500243199001011234', '500243101', '500243101001'),
       ('P2', '500243', '500243198502023456', '500243102', NULL),
       ('P3', '500243', NULL, '500243101', NULL)`,
    );
    const users = [
      { username: 'auditor', password: 'auditor-password', role: 'bureau', canUnmask: true },
      { username: 'clerk', password: 'clerk-password', role: 'bureau' },
      { username: 'town', password: 'town-password', role: 'township', admdvs: '500243101', canUnmask: true },
    ] as const;
    for (const u of users) {
      await t.addUser(u);
      cookies[u.username] = await t.login(u.username, u.password);
    }
  });
  afterAll(() => t.close());

  const unmask = (psnNo: string, who?: string, payload?: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${encodeURIComponent(psnNo)}/certno`,
      headers: { ...(who === undefined ? {} : { cookie: cookies[who] ?? '' }), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });

  it('gives the full ID number to a user with the unmask right, and audits it with the reason', async () => {
    const res = await unmask('P1', 'auditor', { reason: '核实身份 / identity check' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ psn_no: 'P1', certno: '500243199001011234' });
    const a = await auditTrail(t.db, { psnNo: 'P1', limit: 1 });
    expect(a[0]).toMatchObject({ username: 'auditor', role: 'bureau', action: 'unmask', admdvs: '500243', psnNo: 'P1', target: 'certno', ip: '127.0.0.1', detail: { reason: '核实身份 / identity check' } });
    // Without a body too; a person without an ID number gets null.
    expect((await unmask('P2', 'auditor')).json()).toEqual({ psn_no: 'P2', certno: '500243198502023456' });
    expect((await unmask('P3', 'auditor')).json()).toEqual({ psn_no: 'P3', certno: null });
    expect((await auditTrail(t.db, { username: 'auditor', action: 'unmask', limit: 10 })).map((e) => e.psnNo)).toEqual(['P3', 'P2', 'P1']);
  });

  it('401 without a session; 403 without the unmask right, and the refusal is audited', async () => {
    expect((await unmask('P1')).statusCode).toBe(401);
    const res = await unmask('P1', 'clerk');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'forbidden', message: '没有查看完整身份证号的权限 / not allowed to unmask ID numbers' });
    expect(res.body).not.toContain('1234');
    const a = await auditTrail(t.db, { username: 'clerk', limit: 1 });
    expect(a[0]).toMatchObject({ action: 'unmask-refused', psnNo: 'P1', detail: { reason: 'no-unmask-right' } });
  });

  it('a township user unmasks in its area; outside it the answer is the 404 of a person who does not exist', async () => {
    expect((await unmask('P1', 'town')).json()).toEqual({ psn_no: 'P1', certno: '500243199001011234' });
    const outside = await unmask('P2', 'town');
    const nobody = await unmask('NOBODY', 'town');
    expect(outside.statusCode).toBe(404);
    expect(nobody.statusCode).toBe(404);
    expect(outside.json()).toEqual({ error: 'not-found', message: '没有人员 P2 / no person P2' });
    expect(nobody.json()).toEqual({ error: 'not-found', message: '没有人员 NOBODY / no person NOBODY' });
    expect((await unmask('NOBODY', 'auditor')).statusCode).toBe(404);
    const refused = await auditTrail(t.db, { username: 'town', action: 'unmask-refused', limit: 10 });
    expect(refused.map((e) => [e.psnNo, e.detail])).toEqual([
      ['NOBODY', { reason: 'no-person' }],
      ['P2', { reason: 'outside-area' }],
    ]);
  });

  it('400 for malformed bodies and parameters, never 500', async () => {
    for (const body of ['{', '[1,2]', '"x"', '{"reason":' + JSON.stringify('x'.repeat(501)) + '}', '{"reason":{"a":1}}']) {
      const res = await unmask('P1', 'auditor', body);
      expect(res.statusCode, `${body} → ${res.body}`).toBe(400);
      expect(res.json<{ message: string }>().message).toContain(' / ');
    }
    const long = await unmask('P'.repeat(65), 'auditor');
    expect(long.statusCode).toBe(400);
    expect((await unmask("P1' OR '1'='1", 'auditor')).statusCode).toBe(404);
    const nullBody = await unmask('P1', 'auditor', 'null');
    expect(nullBody.statusCode).toBe(200);
  });
});
