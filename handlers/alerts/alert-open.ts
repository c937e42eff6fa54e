import { maxSeverity, type Category, type Severity } from '../../knowledge/taxonomy.js';
import type { TriageResult } from '../../knowledge/triage/types.js';
import type { Actor } from '../cases/case-types.js';
import type { ResponderGroup } from '../directory/directory-types.js';
import { recordEscalation } from '../escalation/escalate-case.js';
import { CaseNotFoundError } from '../errors.js';
import { jobId, type JobSpec } from '../jobs.js';
import type { HandlerServices } from '../services.js';
import { mapAlerts } from './alert-mappings.js';
import type { AlertSourceKind } from './alert-types.js';

const SYSTEM: Actor = { kind: 'system' };

/** The job that finishes what the intake transaction of a case's first alert left out. */
export function alertOpenJob(caseId: number, alertId: number): JobSpec<'alert.open'> {
  return { id: jobId('alert-open', caseId), name: 'alert.open', payload: { caseId, alertId }, runAt: new Date() };
}

/** The stored alert that opened the case, as the triage reads it. */
interface OpeningAlert {
  source_id: string;
  kind: AlertSourceKind;
  title: string;
  severity: Severity;
  payload: unknown;
}

/** The case's row as the job holds it, with the responder group its tenant routes to. */
interface LockedCase {
  state: string;
  severity: Severity | null;
  lang: string;
  g_id: string | null;
  g_name: string | null;
  g_destination: string | null;
  g_tiers: ResponderGroup['tiers'] | null;
  g_lang: ResponderGroup['lang'] | null;
}

/**
 * The `alert.open` job: the opening alert's words through the triage (the case takes the higher
 * of its severity — the vendor's, or what alerts that joined meanwhile raised it to — and the
 * text's: never lower), then the escalation (reason `device_alert`) and the message to the person
 * at the machine (`alert.notify`), in one transaction that holds the case's row, then those jobs
 * dispatched. Once: a case no longer `new` was escalated by an earlier run (the escalation and
 * its jobs commit together), and a second run changes nothing and returns `done`.
 */
export async function escalateOpenedAlertCase(services: HandlerServices, caseId: number, alertId: number): Promise<'escalated' | 'done'> {
  // Read and triaged outside the transaction: the triage is CPU work, and the case's row (which
  // joining alerts that raise it wait for) is held only for the writes.
  const read = await services.db.query<OpeningAlert & { state: string }>(
    `SELECT c.state, a.source_id, s.kind, a.title, a.severity, a.payload
     FROM cases c JOIN alerts a ON a.id = $2 AND a.case_id = c.id JOIN alert_sources s ON s.id = a.source_id WHERE c.id = $1`,
    [caseId, alertId],
  );
  const alert = read.rows[0];
  if (!alert) {
    const exists = await services.db.query('SELECT 1 FROM cases WHERE id = $1', [caseId]);
    if (exists.rows.length === 0) throw new CaseNotFoundError(String(caseId));
    throw new Error(`alert ${alertId} is not in case ${caseId}`);
  }
  if (alert.state !== 'new') return 'done';
  const { text, category: vendorCategory } = wordsOf(alert);
  // The alert's words go through the same triage as a question: it may raise the vendor's severity, never lower it.
  const triage = readAlertText(services, text, alert.severity, caseId);
  const category: Category = vendorCategory ?? (triage.securityRelevant && triage.category !== 'general' ? triage.category : 'malware');

  let specs: JobSpec[] = [];
  const outcome = await services.db.transaction(async (tx) => {
    // The case's row, held until the commit: an alert joining meanwhile that raises the case waits, then raises only above what this wrote.
    // NO KEY UPDATE: the alert rows joining the case (their foreign key takes a KEY SHARE lock on it) do not wait for this.
    const locked = await tx.query<LockedCase>(
      `SELECT c.state, c.severity, c.lang, g.id AS g_id, g.name AS g_name, g.destination AS g_destination, g.tiers AS g_tiers, g.lang AS g_lang
       FROM cases c LEFT JOIN tenant_routes t ON t.tenant_id = c.tenant_id LEFT JOIN responder_groups g ON g.id = t.group_id
       WHERE c.id = $1 FOR NO KEY UPDATE OF c`,
      [caseId],
    );
    const row = locked.rows[0];
    if (!row) throw new CaseNotFoundError(String(caseId));
    if (row.state !== 'new') return 'done' as const;
    const joined: Severity = row.severity ?? alert.severity;
    const severity = maxSeverity(maxSeverity(alert.severity, triage.severity), joined);
    const group: ResponderGroup | null =
      row.g_id === null ? null : { id: row.g_id, name: row.g_name!, destination: row.g_destination!, tiers: row.g_tiers!, lang: row.g_lang! };
    const triaged = await services.cases.recordTriage(
      caseId,
      {
        category,
        severity,
        data: {
          signals: triage.signals,
          fromDevice: true,
          vendorSeverity: alert.severity,
          textSeverity: triage.severity,
          lang: row.lang,
          // Alerts that joined before this triage raised the case above the first alert's vendor severity.
          ...(joined !== alert.severity ? { joinedSeverity: joined } : {}),
        },
      },
      SYSTEM,
      tx,
    );
    const { escalated, specs: steps } = await recordEscalation(services, triaged, SYSTEM, 'device_alert', { severity, source: alert.source_id }, tx, group);
    const notify: JobSpec<'alert.notify'> = { id: jobId('alert-notify', escalated.id), name: 'alert.notify', payload: { caseId: escalated.id }, runAt: new Date() };
    await services.jobs.record(notify, tx);
    specs = [...steps, notify];
    return 'escalated' as const;
  });
  await services.jobs.dispatch(specs);
  return outcome;
}

/**
 * The triage of the alert's words. It may only raise the vendor's severity, so when it fails the
 * vendor's verdict stands alone: a fault in reading text must never keep a device's alert from its
 * responders (the job would fail for good and leave the case unescalated).
 */
function readAlertText(services: HandlerServices, text: string, vendorSeverity: Severity, caseId: number): Pick<TriageResult, 'severity' | 'category' | 'securityRelevant' | 'signals'> {
  try {
    return services.triager.triage({ text });
  } catch (err) {
    services.logger.error({ caseId, err: (err as Error).message }, 'could not triage a device alert: escalating on the vendor severity');
    return { severity: vendorSeverity, category: 'general', securityRelevant: true, signals: [] };
  }
}

/** The alert's title and description (and the vendor's category), read back from the payload as stored. */
function wordsOf(alert: OpeningAlert): { text: string; category: Category | null } {
  try {
    const mapped = mapAlerts(alert.kind, alert.payload)[0];
    if (mapped) return { text: [mapped.title, mapped.description].filter(Boolean).join('\n'), category: mapped.category };
  } catch {
    // A payload that no longer maps (anonymised by retention): its title, kept in its own column.
  }
  return { text: alert.title, category: null };
}
