-- Up Migration

-- An article is one slug in one language; its content lives in versions.
CREATE TABLE articles (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug             text NOT NULL UNIQUE,
  lang             text NOT NULL CHECK (lang IN ('ja', 'en')),
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  current_version  integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Every change (import, edit, restore, publish, archive) is a version row: who, when, what.
CREATE TABLE article_versions (
  article_id     bigint NOT NULL REFERENCES articles(id),
  version        integer NOT NULL,
  title          text NOT NULL,
  summary        text NOT NULL,
  topics         text[] NOT NULL,
  category       text NOT NULL,
  severity_hint  text NOT NULL CHECK (severity_hint IN ('low', 'medium', 'high', 'critical')),
  keywords       text[] NOT NULL DEFAULT ARRAY[]::text[],
  body           text NOT NULL,
  sections       jsonb NOT NULL,
  reviewed_on    date NOT NULL,
  status         text NOT NULL,
  author         text NOT NULL,
  note           text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, version)
);

-- Searchable pieces of published articles. Tokens come from the app's Japanese-aware
-- analyser; a text[] with a GIN index behaves the same on PGlite and PostgreSQL
-- whatever the server's locale (tsvector parsing of CJK depends on it).
CREATE TABLE article_chunks (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id  bigint NOT NULL REFERENCES articles(id),
  ord         integer NOT NULL,
  heading     text NOT NULL,
  text        text NOT NULL,
  tokens      text[] NOT NULL
);
CREATE INDEX article_chunks_tokens_idx ON article_chunks USING gin (tokens);
CREATE INDEX article_chunks_article_idx ON article_chunks (article_id);

-- Document frequency of each token over all chunks (for BM25), kept up to date incrementally.
CREATE TABLE search_terms (
  term  text PRIMARY KEY,
  df    integer NOT NULL
);

-- Questions the knowledge base could not answer, or whose answer was "not helpful" (admins' gaps list).
CREATE TABLE kb_gaps (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   text REFERENCES tenants(id),
  case_id     bigint REFERENCES cases(id),
  lang        text NOT NULL,
  question    text NOT NULL,
  category    text,
  reason      text NOT NULL CHECK (reason IN ('no_answer', 'not_helpful')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_gaps_tenant_idx ON kb_gaps (tenant_id, created_at);

-- Down Migration
DROP TABLE kb_gaps;
DROP TABLE search_terms;
DROP TABLE article_chunks;
DROP TABLE article_versions;
DROP TABLE articles;
