import type {} from '@fastify/swagger';
import type { FastifyPluginCallback } from 'fastify';
import { audit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { apiErrorHandler, canSeePerson, ERROR_SCHEMA, requireRole, sendError, userOf } from '../auth.js';

/**
 * `POST /api/v1/persons/{psn_no}/certno` → `{ psn_no, certno }` in full: for a user with the
 * unmask right (can_unmask) who can see the person. Every unmasking is audited (action 'unmask',
 * with the reason given); every refusal too ('unmask-refused'). A person who does not exist and
 * one outside the user's area get the same 404. Needs authPlugin on the root.
 */
export interface UnmaskOptions {
  readonly db: Db;
}

export const unmaskRoutes: FastifyPluginCallback<UnmaskOptions> = (app, { db }, done) => {
  app.setErrorHandler(apiErrorHandler);
  app.post<{ Params: { psn_no: string }; Body: { reason?: string } | undefined }>(
    '/api/v1/persons/:psn_no/certno',
    {
      schema: {
        tags: ['persons'],
        summary: '查看完整身份证号（记录审计） / show the full ID number (audited)',
        description: 'Only for a user with canUnmask, and only a person the user can see (else 404). Optional body { reason } is kept in the audit log.',
        params: { type: 'object', properties: { psn_no: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['psn_no'] },
        body: { type: ['object', 'null'], properties: { reason: { type: 'string', maxLength: 500 } } },
        response: {
          200: { type: 'object', properties: { psn_no: { type: 'string' }, certno: { type: ['string', 'null'] } }, required: ['psn_no', 'certno'] },
          ...Object.fromEntries([400, 401, 403, 404].map((c) => [c, ERROR_SCHEMA])),
        },
      },
      preHandler: requireRole(),
    },
    async (request, reply) => {
      const user = userOf(request);
      const psnNo = request.params.psn_no;
      const reason = request.body?.reason;
      const who = { username: user.username, role: user.role, psnNo, target: 'certno', ip: request.ip } as const;
      if (!user.canUnmask) {
        await audit(db, { ...who, action: 'unmask-refused', detail: { reason: 'no-unmask-right' } });
        return sendError(reply, 403, 'forbidden', '没有查看完整身份证号的权限 / not allowed to unmask ID numbers');
      }
      const rows = await db.query<{ admdvs: string; town_admdvs: string | null; village_admdvs: string | null; certno: string | null }>(
        'SELECT admdvs, town_admdvs, village_admdvs, certno FROM persons WHERE psn_no = $1',
        [psnNo],
      );
      const person = rows[0];
      if (person === undefined || !canSeePerson(user, person)) {
        await audit(db, { ...who, action: 'unmask-refused', admdvs: person?.admdvs, detail: { reason: person === undefined ? 'no-person' : 'outside-area' } });
        return sendError(reply, 404, 'not-found', `没有人员 ${psnNo} / no person ${psnNo}`);
      }
      await audit(db, { ...who, action: 'unmask', admdvs: person.admdvs, ...(reason === undefined ? {} : { detail: { reason } }) });
      return { psn_no: psnNo, certno: person.certno };
    },
  );
  done();
};
