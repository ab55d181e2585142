-- The service (issue 4): the ledger of what was paid, settlements the engine refused, users,
-- sessions and the audit log.

-- What a settlement paid when it was first booked (首次结算支付). Afterwards every change is an
-- adjustment line: for each settlement and tier, payment + Σ adjustments = the current result of the
-- fold (0 for a settlement reversed or no longer settled). Never updated.
CREATE TABLE settlement_payments (
  setl_id           text PRIMARY KEY REFERENCES settlements,
  admdvs            text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no            text NOT NULL REFERENCES persons,
  hifp_pay          bigint NOT NULL,
  hifmi_pay         bigint NOT NULL,
  maf_assist_pay    bigint NOT NULL,
  maf_reassist_pay  bigint NOT NULL,
  pack_id           text NOT NULL,
  pack_version      text NOT NULL,
  booked_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settlement_payments_person ON settlement_payments (admdvs, psn_no);
COMMENT ON TABLE settlement_payments IS 'What a settlement paid per tier when first booked (首次支付), in fen; later changes are adjustment lines (补付 / 追回).';

-- A stored settlement the fold cannot settle (a [local] value unset, a field a rule needs, before
-- the pack): the reason, so it is visible and settles once the cause is fixed.
CREATE TABLE settlement_problems (
  setl_id      text PRIMARY KEY REFERENCES settlements,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no       text NOT NULL REFERENCES persons,
  code         text NOT NULL,
  field        text NOT NULL,
  reason       text NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settlement_problems_person ON settlement_problems (admdvs, psn_no);
COMMENT ON TABLE settlement_problems IS 'Stored settlements the engine could not settle (未能结算), with the reason (中文 / English) naming the missing value or field.';

-- Why an adjustment was booked: a reversal, a settlement arriving before others already settled,
-- an identity added or changed (retroactive), or a recomputation asked for (a pack change).
ALTER TABLE adjustments ADD COLUMN cause text NOT NULL DEFAULT 'recompute'
  CHECK (cause IN ('reversal', 'late-settlement', 'identity', 'person', 'recompute'));
ALTER TABLE adjustments ADD COLUMN caused_by text;
COMMENT ON COLUMN adjustments.cause IS 'reversal (结算撤销) · late-settlement (补传结算) · identity (身份变更/追溯认定) · person (人员信息变更) · recompute (重新计算)';
COMMENT ON COLUMN adjustments.caused_by IS 'What caused it: the reversal''s setl_id, the late settlement''s setl_id, the import batch id, or who asked.';

CREATE TABLE users (
  user_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.@-]{1,64}$'),
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'bureau', 'township', 'viewer')),
  -- A township user's area: the prefix of the administrative codes it sees (6, 9 or 12 digits).
  admdvs         text CHECK (admdvs ~ '^([0-9]{6}|[0-9]{9}|[0-9]{12})$'),
  can_unmask     boolean NOT NULL DEFAULT false,
  disabled       boolean NOT NULL DEFAULT false,
  created_by     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'township' OR admdvs IS NOT NULL)
);
COMMENT ON TABLE users IS 'Users (用户): role admin (管理员) · bureau (医保局) · township (乡镇, sees persons under its admdvs prefix) · viewer (只读); password_hash is scrypt; can_unmask allows showing a full ID number, each time logged.';

CREATE TABLE sessions (
  token_hash    text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id       bigint NOT NULL REFERENCES users ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
COMMENT ON TABLE sessions IS 'Login sessions (会话): the sha256 of the cookie''s random token, never the token itself.';

CREATE TABLE audit_log (
  audit_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  username   text,
  role       text,
  action     text NOT NULL,
  admdvs     text,
  psn_no     text,
  target     text,
  detail     json,
  ip         text
);
CREATE INDEX audit_log_person ON audit_log (psn_no, at);
CREATE INDEX audit_log_user ON audit_log (username, at);
COMMENT ON TABLE audit_log IS 'Audit log (审计日志): who did or read what, when — every read of a person''s record, every unmasked ID number, logins, imports, settlements, user changes. Append only.';
