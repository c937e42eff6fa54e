-- Up Migration

-- Retention's delete mode (handlers/retention) removes a case with its timeline. Three tables
-- pointed at cases without saying what happens then, so one such row made the whole run fail
-- (a foreign-key violation rolls back every case of the run):
--   case_clocks    the PPC / insurer deadline clocks of the case: meaningless without it;
--   ask_proposals  the asker's (redacted) wording proposed for an article: the asker's words;
--   kb_gaps        a question the knowledge base could not answer: the asker's words.
-- They go with the case, as dispatch_requests and the alerts' rows already did.
ALTER TABLE case_clocks DROP CONSTRAINT case_clocks_case_id_fkey,
  ADD CONSTRAINT case_clocks_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE;
ALTER TABLE ask_proposals DROP CONSTRAINT ask_proposals_case_id_fkey,
  ADD CONSTRAINT ask_proposals_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE;
ALTER TABLE kb_gaps DROP CONSTRAINT kb_gaps_case_id_fkey,
  ADD CONSTRAINT kb_gaps_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE;

-- Down Migration
ALTER TABLE kb_gaps DROP CONSTRAINT kb_gaps_case_id_fkey,
  ADD CONSTRAINT kb_gaps_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id);
ALTER TABLE ask_proposals DROP CONSTRAINT ask_proposals_case_id_fkey,
  ADD CONSTRAINT ask_proposals_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id);
ALTER TABLE case_clocks DROP CONSTRAINT case_clocks_case_id_fkey,
  ADD CONSTRAINT case_clocks_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id);
