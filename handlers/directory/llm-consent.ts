import type { Database } from '../../db/database.js';
import { ForbiddenError } from '../errors.js';
import type { User } from './directory-types.js';
import type { AnswerPlanner, LlmUse } from '../../knowledge/answer/answer-plan.js';

/**
 * A company's consent to the language model (issue #22), as stored on its tenant row
 * (migration 1764000000021_llm-consent). Off until an admin turns it on; kept in the database
 * because several bot processes answer for the same company.
 */
export interface LlmConsent {
  tenantId: string;
  /** Triage and grounded answers by the model (and, with `embeddings`, question embeddings). */
  enabled: boolean;
  /** Question embeddings for hybrid search; only counts while `enabled`. Default on. */
  embeddings: boolean;
  /** Who last switched it (an operator or admin handle), and when; null while never switched. */
  changedBy: string | null;
  changedAt: Date | null;
}

/** Nothing of the model: what a company without a decision, or an unreadable one, gets. */
export const LLM_NONE: LlmUse = Object.freeze({ chat: false, embeddings: false });

interface ConsentRow {
  id: string;
  llm_consent: boolean;
  llm_embeddings: boolean;
  llm_consent_by: string | null;
  llm_consent_at: Date | string | null;
}

const toConsent = (r: ConsentRow): LlmConsent => ({
  tenantId: r.id,
  enabled: r.llm_consent,
  embeddings: r.llm_embeddings,
  changedBy: r.llm_consent_by,
  changedAt: r.llm_consent_at === null ? null : new Date(r.llm_consent_at),
});

/** Reads a company's consent; null for an unknown company. */
export async function getLlmConsent(db: Database, tenantId: string): Promise<LlmConsent | null> {
  const r = await db.query<ConsentRow>('SELECT id, llm_consent, llm_embeddings, llm_consent_by, llm_consent_at FROM tenants WHERE id = $1', [tenantId]);
  return r.rows[0] ? toConsent(r.rows[0]) : null;
}

/**
 * Switches a company's consent (and, when given, its embeddings switch), recording who and when.
 * Returns the consent now in force, or null for an unknown company.
 */
export async function setLlmConsent(db: Database, tenantId: string, change: { enabled: boolean; embeddings?: boolean }, by: string): Promise<LlmConsent | null> {
  const r = await db.query<ConsentRow>(
    `UPDATE tenants SET llm_consent = $2, llm_embeddings = COALESCE($3, llm_embeddings), llm_consent_by = $4, llm_consent_at = now()
      WHERE id = $1 RETURNING id, llm_consent, llm_embeddings, llm_consent_by, llm_consent_at`,
    [tenantId, change.enabled, change.embeddings ?? null, by],
  );
  return r.rows[0] ? toConsent(r.rows[0]) : null;
}

/**
 * What a question of this company may use of the model, read fresh for every question (another
 * process may have switched it a moment ago). An unknown company or a failed read means nothing
 * is sent: the answer is the offline one, which needs no consent.
 */
export async function llmUseFor(db: Database, tenantId: string | null | undefined, planner?: Pick<AnswerPlanner, 'usesModel'>): Promise<LlmUse> {
  // Without a model configured there is nothing to consent to: no read per question.
  if (!tenantId || (planner && !planner.usesModel)) return LLM_NONE;
  try {
    const c = await getLlmConsent(db, tenantId);
    return c?.enabled ? { chat: true, embeddings: c.embeddings } : LLM_NONE;
  } catch {
    return LLM_NONE;
  }
}

/** Buttons of the admin's consent switch (Slack Home tab); the value is ignored: the admin's own company is switched. */
export const LLM_CONSENT_ON_ACTION = 'llm.consent.on';
export const LLM_CONSENT_OFF_ACTION = 'llm.consent.off';

/**
 * An admin switches their own company's consent from a chat (the Home tab's button). Only the
 * admin's company, never one named by the client; `by` is recorded as who switched it.
 * Throws ForbiddenError for anyone else.
 */
export async function switchOwnLlmConsent(db: Database, user: User, enabled: boolean, by: string): Promise<LlmConsent> {
  if (!user.roles.includes('admin') || !user.tenantId) throw new ForbiddenError('switch the language model', user.id);
  const c = await setLlmConsent(db, user.tenantId, { enabled }, by);
  if (!c) throw new ForbiddenError('switch the language model', user.id);
  return c;
}
