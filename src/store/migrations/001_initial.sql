-- The store's first schema (issue 4). Every table carries the pooling-region code `admdvs`
-- (统筹区 / 医保区划, GB/T 2260, 6 digits) and, where a row belongs to a person, the person key
-- `psn_no` (人员编号): tables can then be partitioned by region and year and distributed by person.
-- Amounts are bigint fen (分); `timestamp(0)` holds NHSA local times ('yyyy-MM-dd HH:mm:ss');
-- `timestamptz` holds when the platform wrote a row.

CREATE TABLE import_batches (
  batch_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  kind         text NOT NULL CHECK (kind IN ('persons', 'identities', 'enrollments', 'settlements')),
  file_name    text NOT NULL,
  file_hash    text NOT NULL CHECK (file_hash ~ '^[0-9a-f]{64}$'),
  imported_by  text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  accepted     integer NOT NULL DEFAULT 0 CHECK (accepted >= 0),
  rejected     integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed'))
);
CREATE INDEX import_batches_region ON import_batches (admdvs, started_at);
CREATE INDEX import_batches_file ON import_batches (kind, file_hash);
COMMENT ON TABLE import_batches IS 'Import batches (导入批次): one uploaded file of persons, identities, enrollments or settlements; file hash (sha256), who, when, accepted and rejected rows, status.';

CREATE TABLE import_rejects (
  reject_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id     bigint NOT NULL REFERENCES import_batches ON DELETE CASCADE,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no       text,
  line         integer NOT NULL CHECK (line > 0),
  field        text NOT NULL,
  reason       text NOT NULL,
  content      json NOT NULL
);
CREATE INDEX import_rejects_batch ON import_rejects (batch_id, line);
CREATE INDEX import_rejects_person ON import_rejects (admdvs, psn_no);
COMMENT ON TABLE import_rejects IS 'Rejected rows of an import (导入错误行): line, field, reason (中文 / English) and the row as read (json, columns in file order) to correct and re-import.';

CREATE TABLE persons (
  psn_no          text PRIMARY KEY,
  admdvs          text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  certno          text,
  psn_name        text,
  insuplc_admdvs  text CHECK (insuplc_admdvs ~ '^[0-9]{6}$'),
  insu_tier       smallint CHECK (insu_tier IN (1, 2)),
  town_admdvs     text CHECK (town_admdvs ~ '^[0-9]{9}$'),
  village_admdvs  text CHECK (village_admdvs ~ '^[0-9]{12}$'),
  rural           boolean,
  employed        boolean,
  batch_id        bigint REFERENCES import_batches,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX persons_region ON persons (admdvs, psn_no);
CREATE INDEX persons_certno ON persons (certno);
CREATE INDEX persons_town ON persons (town_admdvs);
COMMENT ON TABLE persons IS 'Insured persons (参保人员), keyed by the NHSA person number psn_no (人员编号); certno is the 公民身份号码 (GB 11643).';

CREATE TABLE identities (
  identity_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admdvs              text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no              text NOT NULL REFERENCES persons,
  idet_type           text NOT NULL,
  begndate            date NOT NULL,
  enddate             date CHECK (enddate >= begndate),
  idet_lv             smallint,
  risk_elim_date      date,
  illness_recognised  boolean,
  batch_id            bigint REFERENCES import_batches,
  created_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (psn_no, idet_type, begndate)
);
CREATE INDEX identities_person ON identities (admdvs, psn_no);
COMMENT ON TABLE identities IS 'Dated identities of a person (人员身份, 特困 / 低保 / 监测对象 …): idet_type is the category code, enddate empty = open; risk_elim_date is 标注风险消除 (ID-3), illness_recognised 因病认定 (ID-4).';

CREATE TABLE enrollments (
  admdvs        text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no        text NOT NULL REFERENCES persons,
  year          smallint NOT NULL,
  product       text NOT NULL DEFAULT '',
  tier          smallint NOT NULL,
  paid_date     date NOT NULL,
  contribution  bigint CHECK (contribution >= 0),
  batch_id      bigint REFERENCES import_batches,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (psn_no, year, product)
);
CREATE INDEX enrollments_region ON enrollments (admdvs, year, psn_no);
COMMENT ON TABLE enrollments IS 'Enrollments (参保缴费) of a person for a year: product empty = resident medical insurance (城乡居民医保), else a product of the pack (渝快保 …); contribution in fen, empty = the pack''s standard.';

CREATE TABLE settlements (
  setl_id            text PRIMARY KEY,
  admdvs             text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no             text NOT NULL REFERENCES persons,
  med_type           text,
  setl_time          timestamp(0) without time zone,
  hosp_lv            text,
  medfee_sumamt      bigint,
  inscp_scp_amt      bigint,
  fulamt_ownpay_amt  bigint,
  overlmt_selfpay    bigint,
  preselfpay_amt     bigint,
  hifp_pay           bigint,
  hifmi_pay          bigint,
  refd_setl_flag     boolean NOT NULL DEFAULT false,
  init_setl_id       text,
  content_hash       text NOT NULL,
  batch_id           bigint REFERENCES import_batches,
  received_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (refd_setl_flag = (init_setl_id IS NOT NULL)),
  CHECK (refd_setl_flag OR (med_type IS NOT NULL AND setl_time IS NOT NULL AND medfee_sumamt IS NOT NULL AND inscp_scp_amt IS NOT NULL))
);
CREATE INDEX settlements_person ON settlements (admdvs, psn_no, setl_time);
CREATE INDEX settlements_time ON settlements (admdvs, setl_time);
CREATE INDEX settlements_reversed ON settlements (init_setl_id) WHERE init_setl_id IS NOT NULL;
COMMENT ON TABLE settlements IS 'Input settlements (结算, NHSA SETL_D field names), amounts in fen; a reversal (结算撤销) has refd_setl_flag and names the settlement it cancels in init_setl_id. hifp_pay / hifmi_pay filled = given by the national platform or the insurer. content_hash makes imports idempotent: the same setl_id with other content is a reject, never an overwrite.';

CREATE TABLE settlement_results (
  setl_id             text PRIMARY KEY REFERENCES settlements,
  admdvs              text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no              text NOT NULL REFERENCES persons,
  hifp_pay            bigint NOT NULL,
  hifmi_pay           bigint NOT NULL,
  maf_assist_pay      bigint NOT NULL,
  maf_reassist_pay    bigint NOT NULL,
  maf_pay             bigint NOT NULL,
  fund_pay_sumamt     bigint NOT NULL,
  psn_part_amt        bigint NOT NULL,
  inscp_psn_part_amt  bigint NOT NULL,
  pack_id             text NOT NULL,
  pack_version        text NOT NULL,
  setl_proc_info      text NOT NULL,
  computed_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (maf_pay = maf_assist_pay + maf_reassist_pay),
  CHECK (fund_pay_sumamt = hifp_pay + hifmi_pay + maf_pay)
);
CREATE INDEX settlement_results_person ON settlement_results (admdvs, psn_no);
COMMENT ON TABLE settlement_results IS 'The split of a settlement across the tiers (三重保障结算结果), in fen: basic hifp_pay (基本医保), critical illness hifmi_pay (大病保险), assistance maf_assist_pay (医疗救助) and re-assistance maf_reassist_pay (再救助), personal psn_part_amt (个人负担); with the pack id and version that computed it and the trace setl_proc_info. A cache of the person-year fold.';

CREATE TABLE accumulators (
  admdvs      text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no      text NOT NULL REFERENCES persons,
  year        smallint NOT NULL,
  pool        text NOT NULL,
  cum_base    bigint NOT NULL DEFAULT 0,
  paid        bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (psn_no, year, pool)
);
CREATE INDEX accumulators_region ON accumulators (admdvs, year, psn_no);
COMMENT ON TABLE accumulators IS 'A person-year''s accumulators (年度累计) per pool of the pack: cumulative policy-scope base (累计基数) and cumulative paid (累计支付), in fen; a cache of the fold.';

CREATE TABLE adjustments (
  adjustment_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admdvs         text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  psn_no         text NOT NULL REFERENCES persons,
  setl_id        text NOT NULL REFERENCES settlements,
  tier           text NOT NULL CHECK (tier IN ('basic', 'critical_illness', 'assistance', 're_assistance')),
  amount         bigint NOT NULL CHECK (amount <> 0),
  reason         text NOT NULL,
  pack_id        text NOT NULL,
  pack_version   text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX adjustments_person ON adjustments (admdvs, psn_no, created_at);
CREATE INDEX adjustments_settlement ON adjustments (setl_id);
COMMENT ON TABLE adjustments IS 'Adjustment lines (补付 / 追回) a recomputation books, never editing history: amount in signed fen, positive = paid in addition (补付), negative = recovered (追回), with the reason and the pack that computed it.';
