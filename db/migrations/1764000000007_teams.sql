-- Up Migration

-- Which project tenant a Microsoft 365 organisation (Entra ID / AAD tenant) belongs to.
-- Activities from an organisation that is not listed here are refused politely, unless
-- the sender is already registered (the vendor's responders, linked by an operator).
CREATE TABLE teams_tenants (
  aad_tenant_id  text PRIMARY KEY,
  tenant_id      text NOT NULL REFERENCES tenants(id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teams_tenants_tenant_idx ON teams_tenants (tenant_id);

-- The Bot Framework ConversationReference of every conversation the bot was reached in
-- (personal chat, group chat, team channel), keyed by the conversation id without its
-- `;messageid=` thread suffix. Any process (a worker posting an escalation card, a bot
-- relaying a Slack responder's reply) sends proactively from these rows.
CREATE TABLE teams_conversations (
  conversation_id    text PRIMARY KEY,
  aad_tenant_id      text,
  conversation_type  text NOT NULL,
  -- serviceUrl, channelId, bot and conversation as the connector gave them.
  reference          jsonb NOT NULL,
  team_name          text,
  channel_name       text,
  -- Personal and group chats have no reply chains: the thread ref of the case in progress
  -- there, and when it was last written to (a quiet or finished case starts a new one).
  current_thread     text,
  thread_touched_at  timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Escalation cards posted as new messages, by case number, so that when a case moves every
-- card of it (the first and each tier's re-notification) is updated in place.
CREATE TABLE teams_case_cards (
  case_number      text NOT NULL,
  conversation_id  text NOT NULL,
  activity_id      text NOT NULL,
  posted_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, activity_id)
);
CREATE INDEX teams_case_cards_case_idx ON teams_case_cards (case_number);

-- Files the bot offers for download (exported incident reports): Teams cannot take a PDF as
-- an inline attachment from a bot, so the card links to a short-lived URL. Only the SHA-256
-- of the link's token is kept; rows past expires_at are refused and deleted.
CREATE TABLE teams_files (
  token_hash    text PRIMARY KEY,
  name          text NOT NULL,
  content_type  text NOT NULL,
  data          bytea NOT NULL,
  expires_at    timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teams_files_expiry_idx ON teams_files (expires_at);

-- Down Migration
DROP TABLE teams_files;
DROP TABLE teams_case_cards;
DROP TABLE teams_conversations;
DROP TABLE teams_tenants;
