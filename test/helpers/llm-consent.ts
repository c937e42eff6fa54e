import type { Database } from '../../db/database.js';
import { setLlmConsent } from '../../handlers/directory/llm-consent.js';

/**
 * Turns the language model on for a company, as an admin would (`ops tenant llm on <tenant>`).
 * Every company starts with it off (issue #22), so a test that expects model calls says so here.
 */
export async function consentToModel(db: Database, tenantId: string, options: { embeddings?: boolean } = {}): Promise<void> {
  const c = await setLlmConsent(db, tenantId, { enabled: true, ...(options.embeddings !== undefined ? { embeddings: options.embeddings } : {}) }, 'test');
  if (!c) throw new Error(`consentToModel: unknown tenant ${tenantId}`);
}

/** The tenant a Slack workspace's install created, for consentToModel. */
export async function tenantOfTeam(db: Database, teamId: string): Promise<string> {
  const r = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM slack_installations WHERE team_id = $1', [teamId]);
  if (!r.rows[0]) throw new Error(`tenantOfTeam: ${teamId} is not installed`);
  return r.rows[0].tenant_id;
}
