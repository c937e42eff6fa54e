-- Up Migration

-- Who holds a running job's lease. A lease UPDATE whose reply was lost when the database
-- restarted can be retried by the same runner (same token) instead of the job sitting
-- 'running' until the lease runs out.
ALTER TABLE jobs ADD COLUMN lease_token text;

-- Down Migration

ALTER TABLE jobs DROP COLUMN lease_token;
