-- Up Migration

-- On-site dispatch (駆けつけ, README "On-site dispatch"). A responder asks a local IT company to
-- send someone to the customer; the request goes to the tenant's dispatch groups in order until
-- one accepts. Every press is also a case event (dispatch_*): the card, the asker's messages and
-- the insurer report read the timeline; the row below is what presses and timers lock on.

-- Where the company is and whom to meet there: the request form starts from it (editable).
CREATE TABLE tenant_sites (
  tenant_id      text PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  address        text NOT NULL,
  contact_name   text NOT NULL DEFAULT '',
  contact_phone  text NOT NULL DEFAULT '',
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- A local IT company's responders, reached in their own channel (an opaque, platform-prefixed
-- destination, as for responder groups). An unanswered request reminds after remind_seconds and
-- moves on to the next group after escalate_seconds (both counted from the post).
CREATE TABLE dispatch_groups (
  id                text PRIMARY KEY,
  name              text NOT NULL,
  destination       text NOT NULL,
  lang              text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en')),
  remind_seconds    integer NOT NULL DEFAULT 900 CHECK (remind_seconds > 0),
  escalate_seconds  integer NOT NULL DEFAULT 1800 CHECK (escalate_seconds > 0),
  -- Yen per hour on site, for the cost shown when the technician records none.
  hourly_rate_yen   integer CHECK (hourly_rate_yen >= 0),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dispatch_group_members (
  group_id  text NOT NULL REFERENCES dispatch_groups(id) ON DELETE CASCADE,
  user_id   text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);

-- The dispatch groups a company's requests go to, first (position 0) to last.
CREATE TABLE tenant_dispatch_routes (
  tenant_id  text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  position   integer NOT NULL CHECK (position >= 0),
  group_id   text NOT NULL REFERENCES dispatch_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (tenant_id, position),
  UNIQUE (tenant_id, group_id)
);

CREATE TABLE dispatch_requests (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  tenant_id     text NOT NULL REFERENCES tenants(id),
  requested_by  text NOT NULL REFERENCES users(id),
  -- What the form said: address, contact, slots, remoteFirst, bring, notes.
  details       jsonb NOT NULL,
  state         text NOT NULL CHECK (state IN ('requested', 'accepted', 'arrived', 'done', 'unanswered')),
  -- The group of the tenant's route asked now (or the one that accepted), and where its post is.
  position      integer NOT NULL DEFAULT 0,
  group_id      text NOT NULL REFERENCES dispatch_groups(id),
  post_ref      text,
  accepted_by   text REFERENCES users(id),
  eta           timestamptz,
  arrived_at    timestamptz,
  done_at       timestamptz,
  hours         numeric(7, 2),
  cost_yen      integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- One open request per case at a time (several processes may take the same press).
CREATE UNIQUE INDEX dispatch_requests_open_idx ON dispatch_requests (case_id) WHERE state IN ('requested', 'accepted', 'arrived');

-- Down Migration
DROP TABLE dispatch_requests;
DROP TABLE tenant_dispatch_routes;
DROP TABLE dispatch_group_members;
DROP TABLE dispatch_groups;
DROP TABLE tenant_sites;
