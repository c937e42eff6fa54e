-- Up Migration

-- Data retention (handlers/retention): when a case's free text was anonymised, so a daily run
-- does not touch it again.
ALTER TABLE cases ADD COLUMN anonymised_at timestamptz;

-- One row per retention run that changed something: what it did, to how many cases and events.
CREATE TABLE retention_runs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz,
  mode           text NOT NULL CHECK (mode IN ('delete', 'anonymise')),
  days           integer NOT NULL,
  cutoff         timestamptz NOT NULL,
  cases          integer NOT NULL DEFAULT 0,
  events         integer NOT NULL DEFAULT 0,
  reports_kept   integer NOT NULL DEFAULT 0,
  case_numbers   text[] NOT NULL DEFAULT ARRAY[]::text[]
);

-- Markdown incident reports kept before retention anonymised or deleted their case
-- (RETENTION_KEEP_REPORTS=true). No foreign key to cases: the case may be gone.
CREATE TABLE retained_reports (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id         bigint NOT NULL REFERENCES retention_runs(id),
  case_number    text NOT NULL,
  tenant_id      text NOT NULL,
  lang           text NOT NULL,
  markdown       text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX retained_reports_case_idx ON retained_reports (case_number);

-- Down Migration
DROP TABLE retained_reports;
DROP TABLE retention_runs;
ALTER TABLE cases DROP COLUMN anonymised_at;
