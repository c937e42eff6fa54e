-- Up Migration

-- Corpus statistics for BM25 (chunk count, total tokens) kept in step by the indexer, so a search
-- does not count every chunk; and the analyser version the index was built with, so a change of
-- tokenisation re-indexes the knowledge base at start.
CREATE TABLE search_stats (
  id                integer PRIMARY KEY CHECK (id = 1),
  chunks            bigint NOT NULL,
  tokens            bigint NOT NULL,
  analyzer_version  integer NOT NULL
);
INSERT INTO search_stats (id, chunks, tokens, analyzer_version)
SELECT 1, count(*), coalesce(sum(cardinality(tokens)), 0), 1 FROM article_chunks;

-- Down Migration
DROP TABLE search_stats;
