-- Up Migration

-- The learning loop of search: a responder says which article answers a case the bot could not
-- place (or placed wrongly); the asker's wording (redacted) waits here for an admin, who adds it
-- to the article's `asks` with one press.
CREATE TABLE ask_proposals (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases(id),
  tenant_id    text REFERENCES tenants(id),
  article_slug text NOT NULL,
  text         text NOT NULL,
  proposed_by  text NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'dismissed')),
  decided_by   text,
  decided_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, article_slug)
);
CREATE INDEX ask_proposals_pending_idx ON ask_proposals (created_at) WHERE status = 'pending';

-- Down Migration

DROP TABLE ask_proposals;
