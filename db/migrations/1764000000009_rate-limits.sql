-- Up Migration

-- Fixed-window question counters shared by every bot process: one row per
-- (scope, key, minute), bumped atomically with INSERT … ON CONFLICT DO UPDATE.
CREATE TABLE rate_limits (
  scope         text NOT NULL CHECK (scope IN ('user', 'tenant')),
  key           text NOT NULL,
  window_start  timestamptz NOT NULL,
  count         integer NOT NULL DEFAULT 1,
  PRIMARY KEY (scope, key, window_start)
);

-- Questions turned away by a rate limit: kept with their text so responders can still see them.
CREATE TABLE rate_limited (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  scope        text NOT NULL,
  tenant_id    text NOT NULL,
  user_id      text NOT NULL,
  channel      text NOT NULL,
  thread_ref   text NOT NULL,
  text         text NOT NULL,
  severity     text NOT NULL
);
CREATE INDEX rate_limited_tenant_idx ON rate_limited (tenant_id, at);

-- Down Migration
DROP TABLE rate_limited;
DROP TABLE rate_limits;
