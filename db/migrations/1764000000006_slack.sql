-- Up Migration

-- One row per Slack workspace (or Enterprise Grid organisation, for an org-wide install)
-- the app is installed in, and the tenant that workspace belongs to. The row outlives an
-- uninstall (installation NULL, uninstalled_at set) so a reinstall finds the same tenant.
CREATE TABLE slack_installations (
  -- T… for a workspace install, E… for an org-wide install.
  team_id                text PRIMARY KEY,
  enterprise_id          text,
  is_enterprise_install  boolean NOT NULL DEFAULT false,
  tenant_id              text NOT NULL REFERENCES tenants(id),
  team_name              text,
  bot_user_id            text,
  bot_id                 text,
  -- Bolt's Installation object as Slack returned it (tokens included); NULL when the bot
  -- token comes from SLACK_BOT_TOKEN (single-workspace mode) or after an uninstall.
  installation           jsonb,
  installed_at           timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  uninstalled_at         timestamptz
);
CREATE INDEX slack_installations_tenant_idx ON slack_installations (tenant_id);

-- Escalation cards the bot posted, by case number, so that when a case moves every card of
-- it (the first one and the re-notifications of later tiers) is updated in place.
CREATE TABLE slack_case_cards (
  case_number  text NOT NULL,
  team_id      text NOT NULL,
  channel_id   text NOT NULL,
  ts           text NOT NULL,
  posted_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, channel_id, ts)
);
CREATE INDEX slack_case_cards_case_idx ON slack_case_cards (case_number);

-- Down Migration
DROP TABLE slack_case_cards;
DROP TABLE slack_installations;
