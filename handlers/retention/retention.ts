import type { Config } from '../../core/config.js';
import type { Database, Queryable } from '../../db/database.js';
import { CaseStore } from '../cases/case-store.js';
import { DirectoryStore } from '../directory/directory-store.js';
import { buildCaseReport, reportToMarkdown } from '../report/case-report.js';

/** What replaces every piece of free text retention removes. */
export const ANONYMISED_MARKER = '[anonymised]';

/**
 * Keys of case_events.data whose string values are people's own words (or text derived from
 * them): the asker's follow-ups (`asker_message.text`), relays (`relayed_to_asker.text`), the
 * question (`opened.question`), the resolution summary (`resolved.summary`), intake answers and
 * the model's wording of the answer (`answer_sent.generated`), and what an on-site request said
 * (`dispatch_requested`: address, contact, slots, what to bring, notes). Everything else (types, states,
 * ids, severities, cited slugs) is structure and is kept, so the timeline still tells what happened.
 */
const FREE_TEXT_KEYS = new Set(['text', 'question', 'summary', 'answer', 'generated', 'note', 'comment', 'reason_text', 'draft', 'address', 'contact', 'slots', 'bring', 'notes']);

/** Options of one retention run. */
export interface RetentionOptions {
  /** Cases closed or resolved more than this many days ago. */
  days: number;
  /** `anonymise` (default) replaces free text; `delete` removes the case and its timeline. */
  mode?: 'delete' | 'anonymise';
  /** Keep the Markdown incident report (retained_reports) before changing the case. Default false. */
  keepReports?: boolean;
  /** Only count what would be done; nothing is written. */
  dryRun?: boolean;
  /** "Now", for tests. */
  now?: Date;
}

/** What a run did (or, dry, would do). */
export interface RetentionResult {
  mode: 'delete' | 'anonymise';
  dryRun: boolean;
  cutoff: Date;
  /** Numbers of the cases concerned, oldest first. */
  caseNumbers: string[];
  /** case_events rows changed (anonymise) or removed (delete). */
  events: number;
  reportsKept: number;
  /** The retention_runs row, or null on a dry run or when nothing was due. */
  runId: number | null;
}

/** The retention settings of the configuration, as options (null when retention is off). */
export function retentionOptionsFromConfig(config: Pick<Config, 'retention'>): RetentionOptions | null {
  const r = config.retention;
  return r.days === undefined ? null : { days: r.days, mode: r.mode, keepReports: r.keepReports };
}

/** Replaces string values under free-text keys, at any depth. */
export function scrubEventData(value: unknown, underFreeTextKey = false): unknown {
  if (typeof value === 'string') return underFreeTextKey ? ANONYMISED_MARKER : value;
  if (Array.isArray(value)) return value.map((v) => scrubEventData(v, underFreeTextKey));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubEventData(v, underFreeTextKey || FREE_TEXT_KEYS.has(k))]));
  }
  return value;
}

interface DueCase {
  id: string;
  number: string;
  tenant_id: string;
  lang: string;
  asker_user_id: string;
}

/**
 * Applies data retention to cases closed or resolved more than `days` days ago (an open,
 * escalated or claimed case is never touched, however old). Safe to run daily: anonymised
 * cases are remembered (cases.anonymised_at) and skipped.
 *
 * case_events is append-only: a trigger refuses UPDATE and DELETE. This run lifts it with
 * `ALTER TABLE case_events DISABLE TRIGGER case_events_no_update` inside its own transaction
 * and enables it again before committing. Chosen over a SECURITY DEFINER function because
 * such a function does not bypass triggers: the trigger itself would have to learn an escape
 * hatch (a session flag anyone could set), weakening the guarantee for every session forever.
 * DDL is transactional in PostgreSQL: ALTER TABLE takes an ACCESS EXCLUSIVE lock, so no other
 * session ever sees the trigger disabled (their writes wait for the few milliseconds of the
 * run), and if anything fails the rollback restores the trigger. It needs the table owner's
 * rights, which the migrating role has. The run is recorded in retention_runs.
 */
export async function runRetention(db: Database, options: RetentionOptions): Promise<RetentionResult> {
  const mode = options.mode ?? 'anonymise';
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.days * 86_400_000);
  const dryRun = options.dryRun ?? false;
  const due = await dueCases(db, cutoff, mode);
  const result: RetentionResult = { mode, dryRun, cutoff, caseNumbers: due.map((c) => c.number), events: 0, reportsKept: 0, runId: null };
  if (dryRun || due.length === 0) {
    if (due.length > 0) {
      const r = await db.query<{ n: string }>('SELECT count(*) AS n FROM case_events WHERE case_id = ANY($1::bigint[])', [due.map((c) => c.id)]);
      result.events = Number(r.rows[0]?.n ?? 0);
    }
    return result;
  }

  // Reports are built from the untouched record, before the transaction changes it.
  const reports: { c: DueCase; markdown: string }[] = [];
  if (options.keepReports) {
    const services = { cases: new CaseStore(db), directory: new DirectoryStore(db) };
    for (const c of due) {
      const record = await services.cases.get(Number(c.id));
      reports.push({ c, markdown: reportToMarkdown(await buildCaseReport(services, record, now)) });
    }
  }

  return db.transaction(async (tx) => {
    const run = await tx.query<{ id: string }>(
      'INSERT INTO retention_runs (mode, days, cutoff, started_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [mode, options.days, cutoff, now],
    );
    const runId = Number(run.rows[0]!.id);
    for (const { c, markdown } of reports) {
      await tx.query('INSERT INTO retained_reports (run_id, case_number, tenant_id, lang, markdown) VALUES ($1, $2, $3, $4, $5)', [
        runId,
        c.number,
        c.tenant_id,
        c.lang,
        markdown,
      ]);
    }
    await tx.query('ALTER TABLE case_events DISABLE TRIGGER case_events_no_update');
    let events = 0;
    for (const c of due) events += mode === 'delete' ? await deleteCase(tx, c) : await anonymiseCase(tx, c);
    await tx.query('ALTER TABLE case_events ENABLE TRIGGER case_events_no_update');
    await tx.query(
      'UPDATE retention_runs SET finished_at = clock_timestamp(), cases = $2, events = $3, reports_kept = $4, case_numbers = $5 WHERE id = $1',
      [runId, due.length, events, reports.length, result.caseNumbers],
    );
    return { ...result, events, reportsKept: reports.length, runId };
  });
}

async function dueCases(db: Queryable, cutoff: Date, mode: 'delete' | 'anonymise'): Promise<DueCase[]> {
  // A resolved case counts from its resolution; a closed one from its last change (the close).
  const r = await db.query<DueCase>(
    `SELECT id::text AS id, number, tenant_id, lang, asker_user_id FROM cases
     WHERE state IN ('resolved', 'closed')
       AND (CASE WHEN state = 'resolved' THEN coalesce(resolved_at, updated_at) ELSE updated_at END) < $1
       AND ($2 = 'delete' OR anonymised_at IS NULL)
     ORDER BY id`,
    [cutoff, mode],
  );
  return r.rows;
}

async function anonymiseCase(tx: Queryable, c: DueCase): Promise<number> {
  const events = await tx.query<{ id: string; data: unknown; actor_user_id: string | null }>(
    'SELECT id::text AS id, data, actor_user_id FROM case_events WHERE case_id = $1 ORDER BY id',
    [c.id],
  );
  let changed = 0;
  for (const e of events.rows) {
    const data = scrubEventData(e.data);
    // The asker's link is dropped from the timeline; responders' stay (who handled the case is the audit trail).
    const dropActor = e.actor_user_id === c.asker_user_id;
    if (JSON.stringify(data) === JSON.stringify(e.data) && !dropActor) continue;
    await tx.query('UPDATE case_events SET data = $2::jsonb, actor_user_id = CASE WHEN $3 THEN NULL ELSE actor_user_id END WHERE id = $1', [
      e.id,
      JSON.stringify(data),
      dropActor,
    ]);
    changed++;
  }
  // A device alert names a machine and an account (issue #20): gone from its timeline row and its alert rows.
  const alertEvents = await tx.query(
    `UPDATE case_events SET data = (data - 'host' - 'user') || jsonb_build_object('title', $2::text)
     WHERE case_id = $1 AND type = 'alert_received' AND (data ? 'host' OR data ? 'user' OR data->>'title' IS DISTINCT FROM $2)`,
    [c.id, ANONYMISED_MARKER],
  );
  changed += alertEvents.rowCount;
  await tx.query(`UPDATE alerts SET title = $2, host = NULL, user_name = NULL, payload = '{}'::jsonb WHERE case_id = $1`, [c.id, ANONYMISED_MARKER]);
  // A question the knowledge base could not answer is the asker's words again (the admins' gaps list keeps the row).
  await tx.query('UPDATE kb_gaps SET question = $2 WHERE case_id = $1', [c.id, ANONYMISED_MARKER]);
  // An on-site request names the company's address and the person to meet there.
  await tx.query(`UPDATE dispatch_requests SET details = '{}'::jsonb WHERE case_id = $1`, [c.id]);
  // cases.asker_user_id is NOT NULL (every case has an asker), so it stays; the thread reference
  // (which can name a person's DM channel) is replaced.
  await tx.query(
    `UPDATE cases SET question = $2, thread_ref = 'anonymised:' || number, anonymised_at = clock_timestamp() WHERE id = $1`,
    [c.id, ANONYMISED_MARKER],
  );
  return changed;
}

/** The case, its timeline and its cards; its clocks, dispatch requests, alerts, gaps and proposals go with it (ON DELETE CASCADE, migrations 23, 27, 28). */
async function deleteCase(tx: Queryable, c: DueCase): Promise<number> {
  // Work still pending for the case (a deadline reminder, a dispatch timer) would only fail on a
  // case that is gone and stay as a failed job for an operator: it is cancelled with the case.
  await tx.query(
    `UPDATE jobs SET status = 'cancelled', finished_at = now()
     WHERE status = 'pending' AND (payload->>'caseId' = $1::text
       OR payload->>'dispatchId' IN (SELECT id::text FROM dispatch_requests WHERE case_id = $1::bigint))`,
    [c.id],
  );
  const removed = await tx.query('DELETE FROM case_events WHERE case_id = $1', [c.id]);
  await tx.query('DELETE FROM slack_case_cards WHERE case_number = $1', [c.number]);
  await tx.query('DELETE FROM teams_case_cards WHERE case_number = $1', [c.number]);
  await tx.query('DELETE FROM cases WHERE id = $1', [c.id]);
  return removed.rowCount;
}
