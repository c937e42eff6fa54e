-- Up Migration

-- Whether a company lets its responders' triage corrections leave as training data (redacted).
-- Off until someone says yes: the question text is the company's.
ALTER TABLE tenants ADD COLUMN share_corrections boolean NOT NULL DEFAULT false;

-- Down Migration

ALTER TABLE tenants DROP COLUMN share_corrections;
