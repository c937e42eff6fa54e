-- Up Migration

-- Questions whose process died before answering stay in state `new`: the sweep looks for old ones
-- (handlers/cases/unanswered-case-scan.ts). Only a handful of rows are ever `new` at once.
CREATE INDEX cases_new_idx ON cases (created_at) WHERE state = 'new';

-- Down Migration

DROP INDEX cases_new_idx;
