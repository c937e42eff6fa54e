-- Up Migration

-- Deadlines that run on a case (README "Legal clocks and insurance"): the PPC reporting clock
-- (kind 'ppc': 速報 and 確報 under the Act on the Protection of Personal Information) and the
-- insurer's notification window (kind 'insurer'). One row per case and kind, so a clock starts
-- once whatever the number of processes that notice it; every start and every edit is also a
-- case event (legal_clock_started, legal_awareness_set, legal_wrongful_set, legal_filed,
-- insurer_clock_started), and the card, the reminders and the drafts read the timeline.
CREATE TABLE case_clocks (
  case_id     bigint NOT NULL REFERENCES cases(id),
  kind        text NOT NULL CHECK (kind IN ('ppc', 'insurer')),
  tenant_id   text NOT NULL REFERENCES tenants(id),
  started_at  timestamptz NOT NULL,
  PRIMARY KEY (case_id, kind)
);

-- The tenant's cyber-insurance policy, set by an operator (npm run ops -- insurance …).
CREATE TABLE tenant_insurance (
  tenant_id            text PRIMARY KEY REFERENCES tenants(id),
  insurer              text NOT NULL,
  policy_number        text NOT NULL,
  -- Hours from discovery within which the insurer must be told (from the policy's terms).
  notify_window_hours  integer NOT NULL CHECK (notify_window_hours > 0),
  coverage_notes       text NOT NULL DEFAULT '',
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE tenant_insurance;
DROP TABLE case_clocks;
