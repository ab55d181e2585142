-- Cases (issue 5 item 4, POLICY-SPEC §5, docs/cases.md): 一事一议 (CASE-1), 依申请救助 (CASE-2) and
-- 一件事 (CASE-3) — application, review, the approval levels of the pack, the decided amount and
-- where it comes from, every step with who and when — and the amounts decided, booked into the
-- person's ledger as lines of their own (case_payments). The rectification ledger (CASE-4, 整改台账)
-- is not about one person: rectifications and their steps.

CREATE TABLE cases (
  case_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admdvs           text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no           text NOT NULL REFERENCES persons,
  -- the pack's kind (CASE-1 …) and its type
  kind_id          text NOT NULL,
  case_type        text NOT NULL CHECK (case_type IN ('special', 'application', 'one_thing')),
  title            text NOT NULL,
  -- the year whose medical costs the case is about
  year             smallint NOT NULL,
  -- the category that made the person eligible (held on some day of the year), NULL = none needed
  category         text,
  alert_id         bigint REFERENCES alerts,
  reason           text NOT NULL,
  requested        bigint CHECK (requested >= 0),
  -- the approval levels of the pack when the case was opened, in order (comma-separated; '' = none)
  levels           text NOT NULL,
  approved_levels  smallint NOT NULL DEFAULT 0,
  -- what the decided amounts of the year may not exceed, and that measure when decided (fen)
  cap_measure      text CHECK (cap_measure IN ('personal', 'policy_scope_personal')),
  cap_amount       bigint,
  decided          bigint CHECK (decided >= 0),
  status           text NOT NULL DEFAULT 'applied'
                   CHECK (status IN ('applied', 'reviewed', 'approved', 'decided', 'rejected', 'revoked', 'closed')),
  -- the status a closed case was closed from (decided, rejected or revoked)
  closed_from      text CHECK (closed_from IN ('decided', 'rejected', 'revoked')),
  clause           text NOT NULL,
  pack_id          text NOT NULL,
  pack_version     text NOT NULL,
  illustrative     boolean NOT NULL DEFAULT false,
  opened_at        timestamptz NOT NULL DEFAULT now(),
  opened_by        text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'closed') = (closed_from IS NOT NULL)),
  CHECK (status NOT IN ('decided', 'revoked') OR decided IS NOT NULL)
);
-- no second open case of the same kind for a person-year
CREATE UNIQUE INDEX cases_open ON cases (psn_no, kind_id, year) WHERE status NOT IN ('rejected', 'revoked', 'closed');
CREATE INDEX cases_person ON cases (admdvs, psn_no, year);
CREATE INDEX cases_status ON cases (admdvs, status, year);
CREATE INDEX cases_alert ON cases (alert_id);
COMMENT ON TABLE cases IS 'Cases (个案): 一事一议 (special) · 依申请救助 (application) · 一件事 (one_thing), per person-year; status applied (已受理) → reviewed (已审核) → approved (已审批, every level of the pack) → decided (已决定, amount booked in case_payments) → closed (已办结); rejected (不予救助) and revoked (已撤销, amount recovered) close too.';

CREATE TABLE case_events (
  event_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no       text NOT NULL REFERENCES persons,
  -- open, review, approve, reject, decide, revoke, close, supervise (监督意见: no change of status)
  action       text NOT NULL CHECK (action IN ('open', 'review', 'approve', 'reject', 'decide', 'revoke', 'close', 'supervise')),
  from_status  text,
  to_status    text NOT NULL,
  -- the approval level acted at (approve, reject at a level)
  level        text,
  amount       bigint,
  username     text NOT NULL,
  role         text,
  at           timestamptz NOT NULL DEFAULT now(),
  note         text
);
CREATE INDEX case_events_case ON case_events (case_id, event_id);
CREATE INDEX case_events_person ON case_events (admdvs, psn_no);
COMMENT ON TABLE case_events IS 'Every step of a case (个案办理及监督记录): the action, from and to status, the approval level, the amount, who, when, the opinion. Append only; supervision notes (监督意见) are steps too.';

-- The person's ledger of case money: a decision books one line per fund source (> 0); a revocation
-- books the opposite lines (< 0). Never updated. For every case, Σ lines = its decided amount while
-- decided (or closed from decided), 0 when revoked; verifyLedger checks it.
CREATE TABLE case_payments (
  line_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no       text NOT NULL REFERENCES persons,
  year         smallint NOT NULL,
  kind_id      text NOT NULL,
  source       text NOT NULL CHECK (source IN ('social_assistance', 'donation', 'mutual_aid', 'medical_assistance', 'township', 'treasury')),
  amount       bigint NOT NULL CHECK (amount <> 0),
  cause        text NOT NULL CHECK (cause IN ('decision', 'revocation')),
  clause       text NOT NULL,
  booked_at    timestamptz NOT NULL DEFAULT now(),
  booked_by    text NOT NULL
);
CREATE INDEX case_payments_person ON case_payments (admdvs, psn_no, year);
CREATE INDEX case_payments_case ON case_payments (case_id);
COMMENT ON TABLE case_payments IS 'Amounts decided in cases, in the person''s ledger (个案救助支付), fen, per fund source (社会救助, 社会捐赠, 医疗互助, 医疗救助基金, 属地镇街, 区财政): decision > 0, revocation < 0; with the clause.';

CREATE TABLE rectifications (
  rect_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  -- the township concerned (NULL: the county itself)
  town_admdvs  text CHECK (town_admdvs ~ '^[0-9]{9,12}$'),
  problem      text NOT NULL,
  -- where it was found (e.g. an item of the 后评估通报), free text
  found_in     text,
  measures     text NOT NULL,
  owner        text NOT NULL,
  deadline     date NOT NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'rectified', 'closed')),
  result       text,
  clause       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL,
  rectified_at timestamptz,
  closed_at    timestamptz,
  CHECK ((status = 'open') = (rectified_at IS NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX rectifications_region ON rectifications (admdvs, status, deadline);
COMMENT ON TABLE rectifications IS 'The rectification ledger (整改台账, CASE-4): the problem found, the measures, the owner (责任单位/人), the deadline (整改时限), status open (整改中) → rectified (已整改, with the result) → closed (已销号); overdue = open after the deadline.';

CREATE TABLE rectification_events (
  event_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rect_id      bigint NOT NULL REFERENCES rectifications,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  action       text NOT NULL CHECK (action IN ('create', 'progress', 'rectify', 'reopen', 'close')),
  from_status  text,
  to_status    text NOT NULL,
  username     text NOT NULL,
  role         text,
  at           timestamptz NOT NULL DEFAULT now(),
  note         text
);
CREATE INDEX rectification_events_rect ON rectification_events (rect_id, event_id);
COMMENT ON TABLE rectification_events IS 'Every step of a rectification (整改记录): created, progress notes, rectified with the result, sent back (reopen), closed; who and when. Append only.';
