-- Up Migration

-- A Slack event a person wrote to the bot is kept here before Slack gets its 200 (Bolt acknowledges
-- an event before any listener runs, and the listener's lookups come before the question's own
-- receipt): a process killed in between would otherwise lose a question Slack will never send again.
-- The row goes when the event's handling is over, whatever its outcome; a row left behind is replayed
-- by any bot process once its lease has passed (bot/slack/slack-event-inbox.ts). Replays are
-- idempotent: the question's receipt (inbound_receipts) lets one handling through.
CREATE TABLE slack_event_inbox (
  event_id text PRIMARY KEY,
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- When a process last took it up (the first handling, or a replay); NULL = not since it arrived.
  taken_at timestamptz,
  replays integer NOT NULL DEFAULT 0
);
CREATE INDEX slack_event_inbox_received ON slack_event_inbox (received_at);

-- Down Migration

DROP TABLE slack_event_inbox;
