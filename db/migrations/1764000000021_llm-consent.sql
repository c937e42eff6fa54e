-- Up Migration

-- Each company's consent to the language model (issue #22): off until an admin turns it on. While
-- off, nothing of that company's questions is sent to the provider (no chat, no embeddings) and
-- they are answered offline exactly as without OPENAI_API_KEY. `llm_embeddings` is a separate
-- switch that only counts while `llm_consent` is on (question embeddings for hybrid search).
-- Who switched it and when, so a later question "who agreed to this?" has an answer.
ALTER TABLE tenants
  ADD COLUMN llm_consent boolean NOT NULL DEFAULT false,
  ADD COLUMN llm_embeddings boolean NOT NULL DEFAULT true,
  ADD COLUMN llm_consent_by text,
  ADD COLUMN llm_consent_at timestamptz;

-- Down Migration

ALTER TABLE tenants
  DROP COLUMN llm_consent,
  DROP COLUMN llm_embeddings,
  DROP COLUMN llm_consent_by,
  DROP COLUMN llm_consent_at;
