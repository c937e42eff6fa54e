-- Up Migration

-- What became of a question a rate limit held (rate_limited), so none is dropped silently:
-- `held` until an operator (npm run ops -- limited) or an admin of its company (the playground)
-- acts; `answering` once a held.answer job is queued; `answered` when the core handler took it
-- (case_number: the case it opened or continued); `dismissed` (no answer needed); `failed`
-- (could not be answered, note says why).
ALTER TABLE rate_limited
  ADD COLUMN status      text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'answering', 'answered', 'dismissed', 'failed')),
  ADD COLUMN handled_at  timestamptz,
  ADD COLUMN handled_by  text,
  ADD COLUMN case_number text,
  ADD COLUMN note        text;
CREATE INDEX rate_limited_status_idx ON rate_limited (status, tenant_id, at);

-- Down Migration
DROP INDEX rate_limited_status_idx;
ALTER TABLE rate_limited
  DROP COLUMN note,
  DROP COLUMN case_number,
  DROP COLUMN handled_by,
  DROP COLUMN handled_at,
  DROP COLUMN status;
