-- Up Migration

-- A responder may call off an on-site request before the technician is on site (README
-- "On-site dispatch": 駆けつけを取り消す, `dispatch <id> cancel`). 'cancelled' is a closed state: the
-- one-open-request-per-case index does not count it, so the card offers a new request again.
ALTER TABLE dispatch_requests DROP CONSTRAINT dispatch_requests_state_check,
  ADD CONSTRAINT dispatch_requests_state_check CHECK (state IN ('requested', 'accepted', 'arrived', 'done', 'unanswered', 'cancelled'));

-- Down Migration
UPDATE dispatch_requests SET state = 'unanswered' WHERE state = 'cancelled';
ALTER TABLE dispatch_requests DROP CONSTRAINT dispatch_requests_state_check,
  ADD CONSTRAINT dispatch_requests_state_check CHECK (state IN ('requested', 'accepted', 'arrived', 'done', 'unanswered'));
