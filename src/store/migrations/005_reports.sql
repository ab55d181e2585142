-- Reports (issue 6, docs/reports.md): a report is computed as of a cut-off and stored — its figures
-- (the whole document) with the versions of the inputs it read — so it can be produced again later
-- with the same numbers, even after back-dated changes, and a fresh run can be compared with it.

-- When a person entered the registry (reports count the persons recorded by their cut-off). Persons
-- stored before this migration get the time it ran.
ALTER TABLE persons ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE report_snapshots (
  report_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  admdvs       text NOT NULL CHECK (admdvs ~ '^[0-9]{6}$'),
  kind         text NOT NULL CHECK (kind IN ('enrollment', 'dispatch', 'rating', 'analysis', 'national', 'protection', 'household')),
  period       text NOT NULL,
  -- the township (or village) prefix the report is limited to; NULL = the whole region
  town         text CHECK (town ~ '^[0-9]{6,12}$'),
  as_of        timestamptz NOT NULL,
  -- the inputs read: pack versions, and the last row of each append-only input by the cut-off
  versions     json NOT NULL,
  document     json NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_snapshots_region ON report_snapshots (admdvs, kind, period, created_at);
COMMENT ON TABLE report_snapshots IS 'Reports as produced (报表快照): kind (REP-1 … REP-7), period, township scope, cut-off, the inputs'' versions and the document (tables, charts, definitions) — reproduced from here byte for byte, compared with a fresh run to show what changed.';
