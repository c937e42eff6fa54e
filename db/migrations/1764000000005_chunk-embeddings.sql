-- Up Migration

-- Embeddings of the searchable chunks, for hybrid (lexical + vector) search when a language
-- model is configured. Stored as plain float8[] (unit length, so cosine similarity is a dot
-- product), not pgvector's vector type: pgvector is not in Debian bookworm's main archive and
-- PGlite's pgvector build is pinned to an older PGlite, and the same SQL must run on both.
-- The knowledge base is small (hundreds of chunks), so scoring without an ANN index is cheap.
-- NULL means "not embedded yet" (no model configured, or the embeddings API was down); the
-- model name lets a change of OPENAI_EMBEDDING_MODEL re-embed instead of mixing vector spaces.
ALTER TABLE article_chunks
  ADD COLUMN embedding float8[],
  ADD COLUMN embedding_model text;

-- Down Migration
ALTER TABLE article_chunks
  DROP COLUMN embedding_model,
  DROP COLUMN embedding;
