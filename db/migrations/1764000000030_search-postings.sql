-- Up Migration

-- A process builds its in-memory search index (knowledge/search/published-index.ts) from the
-- analysed form of each published chunk rather than from its tokens: a term's number and its
-- count per searchable document (knowledge/search/postings-codec.ts), written with the chunk in
-- the publishing transaction, so it is exactly the published version. Splitting millions of
-- stored tokens and looking each one up took most of the index's build time at 10,000 articles.
CREATE TABLE search_vocabulary (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  term text NOT NULL UNIQUE
);

-- NULL, or a version other than the running code's (the analyser's version and the encoding's:
-- POSTINGS_VERSION), means "not written by this code": the loader reads `tokens` for that row
-- instead, and the start fills it in (SearchIndexer.fillPostings).
ALTER TABLE article_chunks ADD COLUMN postings bytea, ADD COLUMN postings_version integer;

-- Down Migration

ALTER TABLE article_chunks DROP COLUMN postings_version, DROP COLUMN postings;
DROP TABLE search_vocabulary;
