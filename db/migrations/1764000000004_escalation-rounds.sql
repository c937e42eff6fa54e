-- Up Migration

-- Each escalation of a case (first, after a release, after a reopen) is a round; timers of an
-- older round must not fire into a newer one. `escalation_tier` counts notifications in the round.
ALTER TABLE cases ADD COLUMN escalation_round integer NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN resolved_at timestamptz;

-- Down Migration
ALTER TABLE cases DROP COLUMN resolved_at;
ALTER TABLE cases DROP COLUMN escalation_round;
