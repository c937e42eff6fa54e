-- Up Migration

-- The language a responder group reads: its escalation cards, their updates, re-notifications,
-- replies in its threads and its members' App Home are written in it, whatever language the
-- asker wrote in (the asker's own words stay as written). Tenants store no language of their own,
-- so an existing group starts in the language most of its members use, else the language most
-- of the people of the companies routed to it use, else Japanese.
ALTER TABLE responder_groups ADD COLUMN lang text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en'));

UPDATE responder_groups g SET lang = COALESCE(
  (SELECT u.lang FROM responder_group_members m JOIN users u ON u.id = m.user_id
    WHERE m.group_id = g.id GROUP BY u.lang ORDER BY count(*) DESC, u.lang = 'ja' DESC LIMIT 1),
  (SELECT u.lang FROM tenant_routes r JOIN users u ON u.tenant_id = r.tenant_id
    WHERE r.group_id = g.id GROUP BY u.lang ORDER BY count(*) DESC, u.lang = 'ja' DESC LIMIT 1),
  'ja');

-- Down Migration

ALTER TABLE responder_groups DROP COLUMN lang;
