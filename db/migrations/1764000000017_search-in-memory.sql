-- Up Migration

-- Search moved into each process's memory (knowledge/search/published-index.ts); the database
-- stays the source of truth. A process knows its index is current by the generation: every change
-- to what is published bumps search_stats.generation and stamps the articles it touched, so a
-- process reloads only the articles stamped after the generation it holds.
ALTER TABLE search_stats ADD COLUMN generation bigint NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN search_generation bigint NOT NULL DEFAULT 0;
CREATE INDEX articles_search_generation_idx ON articles (search_generation);

-- 'text' (the card and the sections, quotable) or 'asks' (the article's alternate phrasings, one per line).
ALTER TABLE article_chunks ADD COLUMN kind text NOT NULL DEFAULT 'text';

-- Term statistics are counted in memory now.
DROP INDEX article_chunks_tokens_idx;
DROP TABLE search_terms;
ALTER TABLE search_stats DROP COLUMN chunks, DROP COLUMN tokens;

-- Down Migration

ALTER TABLE search_stats ADD COLUMN chunks bigint NOT NULL DEFAULT 0, ADD COLUMN tokens bigint NOT NULL DEFAULT 0;
CREATE TABLE search_terms (term text PRIMARY KEY, df integer NOT NULL);
CREATE INDEX article_chunks_tokens_idx ON article_chunks USING gin (tokens);
-- Forces a rebuild of the statistics at the next start.
UPDATE search_stats SET analyzer_version = 0;
ALTER TABLE article_chunks DROP COLUMN kind;
DROP INDEX articles_search_generation_idx;
ALTER TABLE articles DROP COLUMN search_generation;
ALTER TABLE search_stats DROP COLUMN generation;
