-- Up Migration

-- Alternate phrasings of an article (front matter `asks:`): the situation told in staff's own words,
-- indexed as their own search field.
ALTER TABLE article_versions ADD COLUMN asks text[] NOT NULL DEFAULT '{}';

-- Down Migration

ALTER TABLE article_versions DROP COLUMN asks;
