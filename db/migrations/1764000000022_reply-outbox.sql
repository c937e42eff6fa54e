-- Up Migration

-- The durable inbox: a question acknowledged to its platform is kept with its receipt until its
-- replies are on record (done_at, set in the transaction that writes them to reply_outbox). A
-- receipt left undone (the process died, the database stayed away) is taken up again by the sweep.
ALTER TABLE inbound_receipts ADD COLUMN inbound jsonb;
ALTER TABLE inbound_receipts ADD COLUMN done_at timestamptz;
CREATE INDEX inbound_receipts_undone_idx ON inbound_receipts (received_at) WHERE inbound IS NOT NULL AND done_at IS NULL;

-- The reply outbox: every reply produced after an acknowledgement, one row per platform message,
-- in order per conversation. The process that answered posts at once and marks the row sent; a
-- row left pending after its lease is delivered by a `reply.deliver` job. `message_ref` is the
-- posted message (Teams activity, playground delivery), recorded so a later attempt adopts it.
-- `via = 'job'`: the post of a job (a responder card), recorded for idempotency only, never swept.
CREATE TABLE reply_outbox (
  id            bigserial PRIMARY KEY,
  idem_key      text NOT NULL UNIQUE,
  conversation  text NOT NULL,
  to_ref        text NOT NULL,
  reply         jsonb NOT NULL,
  via           text NOT NULL DEFAULT 'outbox' CHECK (via IN ('outbox', 'job')),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  message_ref   text,
  attempts      integer NOT NULL DEFAULT 1,
  lease_until   timestamptz NOT NULL DEFAULT now(),
  last_error    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz
);
CREATE INDEX reply_outbox_pending_idx ON reply_outbox (lease_until) WHERE status = 'pending' AND via = 'outbox';
CREATE INDEX reply_outbox_conversation_idx ON reply_outbox (conversation, id);
CREATE INDEX reply_outbox_sent_idx ON reply_outbox (sent_at) WHERE status = 'sent';

-- Housekeeping deletes finished jobs by age.
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE status IN ('done', 'cancelled');

-- Down Migration

DROP INDEX jobs_finished_idx;
DROP TABLE reply_outbox;
DROP INDEX inbound_receipts_undone_idx;
ALTER TABLE inbound_receipts DROP COLUMN done_at;
ALTER TABLE inbound_receipts DROP COLUMN inbound;
