-- Up Migration

-- A customer company. Everything a company's staff see is scoped to one tenant.
CREATE TABLE tenants (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- People. Staff and admins belong to a tenant; responders work for the vendor (tenant_id NULL).
CREATE TABLE users (
  id            text PRIMARY KEY,
  tenant_id     text REFERENCES tenants(id),
  display_name  text NOT NULL,
  roles         text[] NOT NULL DEFAULT ARRAY['staff']::text[],
  lang          text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (roles <@ ARRAY['staff', 'responder', 'admin']::text[] AND cardinality(roles) > 0)
);

-- Platform identities (opaque, platform-prefixed: slack:T1:U1, teams:…, local:alice) of a user.
CREATE TABLE user_identities (
  identity    text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE
);

-- A team of responders, where their cards go, and how long each tier waits per severity.
CREATE TABLE responder_groups (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  destination  text NOT NULL,
  tiers        jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE responder_group_members (
  group_id  text NOT NULL REFERENCES responder_groups(id) ON DELETE CASCADE,
  user_id   text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);

-- Which group takes a tenant's escalations (one group per tenant).
CREATE TABLE tenant_routes (
  tenant_id  text PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  group_id   text NOT NULL REFERENCES responder_groups(id)
);

CREATE TABLE cases (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number                text GENERATED ALWAYS AS ('OT-' || lpad(id::text, 6, '0')) STORED UNIQUE,
  tenant_id             text NOT NULL REFERENCES tenants(id),
  asker_user_id         text NOT NULL REFERENCES users(id),
  lang                  text NOT NULL CHECK (lang IN ('ja', 'en')),
  channel               text NOT NULL,
  thread_ref            text NOT NULL,
  responder_thread_ref  text,
  state                 text NOT NULL DEFAULT 'new'
                        CHECK (state IN ('new', 'answered', 'escalated', 'claimed', 'resolved', 'closed')),
  category              text,
  severity              text CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  question              text NOT NULL,
  assignee_user_id      text REFERENCES users(id),
  escalation_tier       integer NOT NULL DEFAULT 0,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cases_thread_ref_idx ON cases (thread_ref);
CREATE INDEX cases_tenant_state_idx ON cases (tenant_id, state);

-- The case timeline. Append-only: the triggers below refuse UPDATE and DELETE,
-- so the report built from it is a trustworthy record (insurance claims).
CREATE TABLE case_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES cases(id),
  at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_kind     text NOT NULL CHECK (actor_kind IN ('user', 'bot', 'system')),
  actor_user_id  text REFERENCES users(id),
  type           text NOT NULL,
  data           jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE FUNCTION case_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

-- Platform retries and duplicate deliveries are dropped here, shared by every bot process.
CREATE TABLE inbound_receipts (
  key          text PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- Durable job records: the truth about pending work. Redis only delivers;
-- anything pending here is re-enqueued at start and by the periodic sweep.
CREATE TABLE jobs (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  payload       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  run_at        timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0,
  lease_until   timestamptz,
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX jobs_pending_idx ON jobs (status, run_at);

-- Down Migration
DROP TABLE jobs;
DROP TABLE inbound_receipts;
DROP TRIGGER case_events_no_update ON case_events;
DROP TABLE case_events;
DROP FUNCTION case_events_append_only();
DROP TABLE cases;
DROP TABLE tenant_routes;
DROP TABLE responder_group_members;
DROP TABLE responder_groups;
DROP TABLE user_identities;
DROP TABLE users;
DROP TABLE tenants;
