-- Up Migration

-- An admin's pending edit of a published article (issue #19): the live version stays what readers,
-- search and answers get until someone presses "publish". One draft per article, shared by every
-- admin (two admins see each other's draft); `revision` is the version check: a save or publish
-- naming an older revision than the stored one is refused instead of overwriting the other's work.
-- `base_version` is the published version the draft was written against: if the live article moved
-- on since (a chat `kb edit`, a restore), publishing is refused until the draft is saved again.
CREATE TABLE article_drafts (
  article_id    bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  base_version  integer NOT NULL,
  markdown      text NOT NULL,
  revision      integer NOT NULL DEFAULT 1 CHECK (revision > 0),
  -- users.id of whoever saved last (shown by display name), and of whoever started it.
  updated_by    text NOT NULL,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Down Migration

DROP TABLE article_drafts;
