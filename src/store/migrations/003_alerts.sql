-- Monitoring alerts (issue 5 items 2 and 3): the alerts the screening raises (src/monitoring, run
-- by the ledger whenever a person-year changes and by a full re-screen), every step of their
-- lifecycle raised → pushed → verified → closed, and the push lists sent to the departments.
-- See docs/monitoring.md §7–§9.

CREATE TABLE alerts (
  alert_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admdvs           text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no           text NOT NULL REFERENCES persons,
  rule_id          text NOT NULL,
  rule_title       text NOT NULL,
  year             smallint NOT NULL,
  measure          text NOT NULL CHECK (measure IN ('personal', 'policy_scope_personal', 'total')),
  -- the year's measure as last screened while the alert was open (frozen once closed), fen
  amount           bigint NOT NULL,
  -- the measure after the settlement that crossed the threshold, fen
  amount_at_alert  bigint NOT NULL,
  threshold        bigint NOT NULL,
  comparison       text NOT NULL CHECK (comparison IN ('>=', '>')),
  -- the category held on that settlement's day (the highest-ranked one the rule looks at); NULL = none
  category         text,
  -- the monitoring identity's 标注风险消除 date when the category held is within ID-3's twelve months
  risk_elim_date   date,
  setl_id          text NOT NULL REFERENCES settlements,
  alert_date       date NOT NULL,
  complete         boolean NOT NULL,
  -- the rule's departments (comma-separated: rural_revitalisation, civil_affairs, township, finance); '' = [local]
  push_to          text NOT NULL DEFAULT '',
  process          text,
  clause           text NOT NULL,
  pack_id          text NOT NULL,
  pack_version     text NOT NULL,
  illustrative     boolean NOT NULL DEFAULT false,
  status           text NOT NULL DEFAULT 'raised' CHECK (status IN ('raised', 'pushed', 'verified', 'closed')),
  raised_at        timestamptz NOT NULL DEFAULT now(),
  raised_by        text NOT NULL,
  screened_at      timestamptz NOT NULL DEFAULT now(),
  department       text CHECK (department IN ('rural_revitalisation', 'civil_affairs')),
  pushed_at        timestamptz,
  pushed_by        text,
  outcome          text CHECK (outcome IN ('included', 'not_eligible', 'already_covered')),
  verified_at      timestamptz,
  verified_by      text,
  closed_at        timestamptz,
  closed_by        text,
  CHECK ((status = 'raised') = (department IS NULL)),
  CHECK ((status IN ('verified', 'closed')) = (outcome IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- no second open alert for the same person, rule and year
CREATE UNIQUE INDEX alerts_open ON alerts (psn_no, rule_id, year) WHERE status <> 'closed';
CREATE INDEX alerts_person ON alerts (admdvs, psn_no, year);
CREATE INDEX alerts_status ON alerts (admdvs, status, year);
COMMENT ON TABLE alerts IS 'Monitoring alerts (防范因病返贫致贫监测预警): a rule of the pack met by a person-year — the measure, amount and threshold (fen), the category held, the settlement that crossed the line, the pack version; status raised (已预警) → pushed (已推送, to 乡村振兴 or 民政) → verified (乡镇已核实: 纳入监测 / 不符合条件 / 已是帮扶对象) → closed (已办结).';

CREATE TABLE alert_events (
  event_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id     bigint NOT NULL REFERENCES alerts,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no       text NOT NULL REFERENCES persons,
  from_status  text CHECK (from_status IN ('raised', 'pushed', 'verified', 'closed')),
  to_status    text NOT NULL CHECK (to_status IN ('raised', 'pushed', 'verified', 'closed')),
  username     text NOT NULL,
  role         text,
  at           timestamptz NOT NULL DEFAULT now(),
  note         text,
  department   text,
  town_admdvs  text,
  outcome      text CHECK (outcome IN ('included', 'not_eligible', 'already_covered')),
  push_id      bigint
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, event_id);
CREATE INDEX alert_events_person ON alert_events (admdvs, psn_no);
COMMENT ON TABLE alert_events IS 'Every step of an alert (预警处置记录): from and to status, who, when, the note, the department pushed to, the township, the verification outcome (核实结果). Append only.';

CREATE TABLE alert_pushes (
  push_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  department   text NOT NULL CHECK (department IN ('rural_revitalisation', 'civil_affairs')),
  town_admdvs  text,
  year         smallint,
  kind         text NOT NULL CHECK (kind IN ('list', 'single')),
  alerts       integer NOT NULL CHECK (alerts >= 0),
  masked       boolean NOT NULL,
  username     text NOT NULL,
  role         text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_pushes_region ON alert_pushes (admdvs, at);
COMMENT ON TABLE alert_pushes IS 'Push lists sent (推送清单): to which department (乡村振兴 / 民政), which township, how many alerts, whether ID numbers were masked, who and when; the alerts are in alert_push_items.';

CREATE TABLE alert_push_items (
  push_id   bigint NOT NULL REFERENCES alert_pushes,
  alert_id  bigint NOT NULL REFERENCES alerts,
  admdvs    text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no    text NOT NULL REFERENCES persons,
  PRIMARY KEY (push_id, alert_id)
);
CREATE INDEX alert_push_items_alert ON alert_push_items (alert_id);
COMMENT ON TABLE alert_push_items IS 'The alerts of a push list (推送清单明细), person by person.';
