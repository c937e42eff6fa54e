-- Up Migration

-- Where an article's claims come from and when they were last checked against those sources
-- (front matter `sources:` and `reviewed:`). `reviewed_on` keeps holding `updated`, the date of
-- the last edit; `npm run kb -- due` lists articles whose sources review is over 12 months old.
ALTER TABLE article_versions ADD COLUMN sources text[] NOT NULL DEFAULT '{}';
ALTER TABLE article_versions ADD COLUMN sources_reviewed_on date;

-- Down Migration

ALTER TABLE article_versions DROP COLUMN sources_reviewed_on;
ALTER TABLE article_versions DROP COLUMN sources;
