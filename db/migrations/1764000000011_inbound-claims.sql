-- Up Migration

-- Who is handling a delivery: a random token per handling. A process that
-- lost the database half-way through a message retries with the same token
-- and is let back in; any other delivery of the same key is still a duplicate.
ALTER TABLE inbound_receipts ADD COLUMN claim text;

-- Down Migration

ALTER TABLE inbound_receipts DROP COLUMN claim;
