-- Up Migration

-- Office hours of a responder group: a time zone, the weekly opening windows (local wall-clock
-- times per weekday, e.g. {"mon": [["09:00", "18:00"]], ...}) and whether Japanese public
-- holidays close the desk. A group without a row is always open (the old behaviour).
CREATE TABLE responder_group_hours (
  group_id          text PRIMARY KEY REFERENCES responder_groups(id) ON DELETE CASCADE,
  time_zone         text NOT NULL,
  weekly            jsonb NOT NULL,
  observe_holidays  boolean NOT NULL DEFAULT true,
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- The on-call rotation of a group: members take turns in the given order, each for one shift
-- (a week for `weekly`, `shift_hours` for `custom`), counted from `starts_at`.
CREATE TABLE oncall_rotations (
  group_id     text PRIMARY KEY REFERENCES responder_groups(id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('weekly', 'custom')),
  member_ids   text[] NOT NULL CHECK (cardinality(member_ids) > 0),
  starts_at    timestamptz NOT NULL,
  shift_hours  integer NOT NULL CHECK (shift_hours > 0),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Someone else is on call for a date range (holiday swap, sick day). The newest override that
-- covers an instant wins over older ones and over the rotation.
CREATE TABLE oncall_overrides (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id    text NOT NULL REFERENCES responder_groups(id) ON DELETE CASCADE,
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  reason      text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX oncall_overrides_group_idx ON oncall_overrides (group_id, starts_at, ends_at);

-- Where a page to a person goes (an opaque, platform-prefixed ref of their direct-message
-- conversation); without a row the person's first platform identity is used.
CREATE TABLE oncall_contacts (
  user_id  text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  page_to  text NOT NULL
);

-- Down Migration

DROP TABLE oncall_contacts;
DROP TABLE oncall_overrides;
DROP TABLE oncall_rotations;
DROP TABLE responder_group_hours;
