-- Up Migration

-- Monitoring alerts (issue #20, 見守り): UTM/EDR devices of a tenant post alerts to
-- POST /api/alerts/<source>. Each source belongs to one tenant and carries its own secret:
-- `hmac` sources hold the shared signing secret sealed with ALERT_SECRET_KEY (AES-256-GCM,
-- `v1:…`; `plain:…` when no key is configured), `bearer` sources only the SHA-256 of their token
-- (`sha256:…`). A rotation keeps the previous secret until `previous_valid_until`, so a device
-- can be reconfigured without losing alerts. A removed source keeps its row (the alerts point at
-- it) and accepts nothing.
CREATE TABLE alert_sources (
  id                    text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{1,62}$'),
  tenant_id             text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name                  text NOT NULL,
  kind                  text NOT NULL CHECK (kind IN ('generic', 'defender', 'fortigate')),
  auth                  text NOT NULL CHECK (auth IN ('hmac', 'bearer')),
  secret                text NOT NULL,
  previous_secret       text,
  previous_valid_until  timestamptz,
  -- Who hears about an alert that names nobody the directory knows: the tenant's contact person.
  contact_user_id       text NOT NULL REFERENCES users(id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  rotated_at            timestamptz,
  removed_at            timestamptz
);
CREATE INDEX alert_sources_tenant ON alert_sources (tenant_id);

-- Which person sits at a machine or owns an account the devices name (per tenant, lower case):
-- kind `host` (PC-023) or `user` (sato@example.co.jp, or the bare account name).
CREATE TABLE alert_subjects (
  tenant_id  text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('host', 'user')),
  name       text NOT NULL CHECK (name = lower(name) AND name <> ''),
  user_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (tenant_id, kind, name)
);

-- Signatures already accepted, per source: the same signed request twice is a replay. Rows
-- older than the signing window (5 minutes, plus skew) are useless and the sweep deletes them.
-- In PostgreSQL, not memory: every bot process sees every other's.
CREATE TABLE alert_replays (
  source_id  text NOT NULL REFERENCES alert_sources(id) ON DELETE CASCADE,
  signature  text NOT NULL,
  seen_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, signature)
);
CREATE INDEX alert_replays_seen ON alert_replays (seen_at);

-- One group per (source, fingerprint) while open: alerts with the same rule and host/user within
-- the grouping window join its case. `storm` groups collect a source's alerts once it opens
-- groups faster than ALERT_STORM_PER_MINUTE; a group that joined a storm points at the storm's case.
CREATE TABLE alert_groups (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id    text NOT NULL REFERENCES alert_sources(id) ON DELETE CASCADE,
  tenant_id    text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  fingerprint  text NOT NULL,
  storm        boolean NOT NULL DEFAULT false,
  case_id      bigint REFERENCES cases(id) ON DELETE CASCADE,
  open         boolean NOT NULL DEFAULT true,
  count        integer NOT NULL DEFAULT 1,
  first_at     timestamptz NOT NULL DEFAULT now(),
  last_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alert_groups_open ON alert_groups (source_id, fingerprint) WHERE open;
CREATE INDEX alert_groups_recent ON alert_groups (source_id, first_at);
CREATE INDEX alert_groups_case ON alert_groups (case_id);

-- Every alert accepted, once: the vendor's id is unique per source (a resend is a duplicate).
CREATE TABLE alerts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id     text NOT NULL REFERENCES alert_sources(id) ON DELETE CASCADE,
  tenant_id     text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  external_id   text NOT NULL,
  fingerprint   text NOT NULL,
  group_id      bigint REFERENCES alert_groups(id) ON DELETE CASCADE,
  case_id       bigint REFERENCES cases(id) ON DELETE CASCADE,
  severity      text NOT NULL,
  vendor_severity text,
  title         text NOT NULL,
  rule          text NOT NULL,
  host          text,
  user_name     text,
  occurred_at   timestamptz,
  received_at   timestamptz NOT NULL DEFAULT now(),
  payload       jsonb NOT NULL,
  UNIQUE (source_id, external_id)
);
CREATE INDEX alerts_case ON alerts (case_id);

-- Down Migration

DROP TABLE alerts;
DROP TABLE alert_groups;
DROP TABLE alert_replays;
DROP TABLE alert_subjects;
DROP TABLE alert_sources;
