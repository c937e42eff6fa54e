import type { Queryable } from '../../db/database.js';
import type { Actor, CaseEvent, CaseRecord } from '../cases/case-types.js';
import { latestIntakeAnswers } from '../intake/intake-questions.js';
import { jobId, type JobPayloads, type JobSpec } from '../jobs.js';
import type { HandlerServices } from '../services.js';
import { morningOf, ppcDeadlines } from './legal-rules.js';

/** A deadline a reminder is about. */
export type Deadline = JobPayloads['clock.remind']['deadline'];

/** The PPC clock of a case as its timeline says it is now. */
export interface PpcClock {
  awareAt: Date;
  wrongful: boolean;
  /** How it started: triage or intake slots, or a responder's tick. */
  source: string;
  prelim: Date;
  final: Date;
  finalDays: number;
  /** Deadlines a responder recorded as filed by a person (reminders stop). */
  filed: Set<'prelim' | 'final'>;
}

/** The insurer's notification window of a case. */
export interface InsurerClock {
  discoveredAt: Date;
  dueAt: Date;
  insurer: string;
  policyNumber: string;
  windowHours: number;
  notified: boolean;
}

export interface CaseClocks {
  ppc: PpcClock | null;
  insurer: InsurerClock | null;
}

/** Folds the case's clock events (legal_*, insurer_*) into the clocks as they stand. */
export function clocksOf(events: readonly CaseEvent[]): CaseClocks {
  let ppc: { awareAt: Date; wrongful: boolean; source: string; filed: Set<'prelim' | 'final'> } | null = null;
  let insurer: InsurerClock | null = null;
  for (const e of events) {
    const d = e.data;
    if (e.type === 'legal_clock_started' && !ppc) ppc = { awareAt: new Date(String(d.awareAt)), wrongful: d.wrongful === true, source: String(d.source ?? ''), filed: new Set() };
    else if (e.type === 'legal_awareness_set' && ppc) ppc.awareAt = new Date(String(d.awareAt));
    else if (e.type === 'legal_wrongful_set' && ppc) ppc.wrongful = d.wrongful === true;
    else if (e.type === 'legal_filed' && ppc && (d.deadline === 'prelim' || d.deadline === 'final')) ppc.filed.add(d.deadline);
    else if (e.type === 'insurer_clock_started' && !insurer) {
      insurer = {
        discoveredAt: new Date(String(d.discoveredAt)),
        dueAt: new Date(String(d.dueAt)),
        insurer: String(d.insurer ?? ''),
        policyNumber: String(d.policyNumber ?? ''),
        windowHours: Number(d.windowHours ?? 0),
        notified: false,
      };
    } else if (e.type === 'legal_filed' && insurer && d.deadline === 'insurer') insurer.notified = true;
  }
  return { ppc: ppc ? { ...ppc, ...ppcDeadlines(ppc.awareAt, ppc.wrongful) } : null, insurer };
}

/** When deadline `deadline` is due on these clocks, or null when it does not run (or was filed). */
export function dueOf(clocks: CaseClocks, deadline: Deadline): Date | null {
  if (deadline === 'insurer') return clocks.insurer && !clocks.insurer.notified ? clocks.insurer.dueAt : null;
  const ppc = clocks.ppc;
  if (!ppc) return null;
  if (deadline === 'ppc_prelim') return ppc.filed.has('prelim') ? null : ppc.prelim;
  return ppc.filed.has('final') ? null : ppc.final;
}

/**
 * Whether the case, as triage and intake read it, involves personal data leaving the company:
 * a data_leak case whose intake answer says personal data is in it, or whose triage pointed at
 * a personal-data breach (or read data going out) without an intake answer saying otherwise.
 */
export function personalDataOut(c: Pick<CaseRecord, 'category'>, events: readonly CaseEvent[]): boolean {
  if (c.category !== 'data_leak') return false;
  const answer = latestIntakeAnswers(events).find((a) => a.questionId === 'data_leak.personal_data');
  if (answer) return answer.optionId === 'yes';
  return events.some((e) => {
    if (e.type !== 'triaged') return false;
    const topics = Array.isArray(e.data.topics) ? e.data.topics : [];
    const flags = Array.isArray((e.data.situation as { flags?: unknown } | undefined)?.flags) ? (e.data.situation as { flags: unknown[] }).flags : [];
    return topics.includes('personal-data-breach') || flags.includes('data_out');
  });
}

/** The reminder jobs of one deadline: two days (insurer: a day, or half the window) before, and on the due day. */
export function reminderJobs(caseId: number, deadline: Deadline, due: Date, windowHours?: number): JobSpec<'clock.remind'>[] {
  const stages: [JobPayloads['clock.remind']['stage'], Date][] =
    deadline === 'insurer'
      ? [
          ['before', new Date(due.getTime() - Math.min(24, (windowHours ?? 48) / 2) * 3_600_000)],
          ['due', due],
        ]
      : [
          ['before', morningOf(due, 2)],
          ['due', morningOf(due, 0)],
        ];
  return stages.map(([stage, runAt]) => ({
    id: jobId('clock-remind', caseId, deadline, stage, due.getTime()),
    name: 'clock.remind',
    payload: { caseId, deadline, stage, dueAt: due.toISOString() },
    runAt,
  }));
}

/** Reminder jobs for every deadline that runs on these clocks. */
export function allReminderJobs(caseId: number, clocks: CaseClocks): JobSpec[] {
  const specs: JobSpec[] = [];
  for (const d of ['ppc_prelim', 'ppc_final', 'insurer'] as const) {
    const due = dueOf(clocks, d);
    if (due) specs.push(...reminderJobs(caseId, d, due, clocks.insurer?.windowHours));
  }
  return specs;
}

type ClockServices = Pick<HandlerServices, 'db' | 'cases' | 'jobs'>;

/**
 * Runs `work` (which appends the clock's events) in one transaction with the reminder jobs the
 * clocks then call for, and dispatches them after the commit. Stale reminders of an earlier due
 * date stay recorded and find, when they run, that their date is no longer the clock's.
 */
async function withReminders(services: ClockServices, c: CaseRecord, work: (tx: Queryable) => Promise<boolean>): Promise<boolean> {
  let specs: JobSpec[] = [];
  const changed = await services.db.transaction(async (tx) => {
    if (!(await work(tx))) return false;
    const events = await eventsIn(tx, c.id);
    specs = allReminderJobs(c.id, clocksOf(events));
    for (const s of specs) await services.jobs.record(s, tx);
    return true;
  });
  if (changed) await services.jobs.dispatch(specs);
  return changed;
}

/** The case's events read inside a transaction (the store's reader uses the pool). */
async function eventsIn(tx: Queryable, caseId: number): Promise<CaseEvent[]> {
  const r = await tx.query<{ id: string | number; case_id: string | number; at: Date | string; actor_kind: CaseEvent['actorKind']; actor_user_id: string | null; type: string; data: Record<string, unknown> }>(
    'SELECT id, case_id, at, actor_kind, actor_user_id, type, data FROM case_events WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return r.rows.map((row) => ({
    id: Number(row.id), caseId: Number(row.case_id), at: new Date(row.at), actorKind: row.actor_kind, actorUserId: row.actor_user_id, type: row.type, data: row.data,
  }));
}

/** Starts the PPC clock once (whoever calls it first wins; later calls return false). */
export async function startPpcClock(services: ClockServices, c: CaseRecord, actor: Actor, awareAt: Date, source: string, now: Date): Promise<boolean> {
  return withReminders(services, c, async (tx) => {
    const r = await tx.query(`INSERT INTO case_clocks (case_id, kind, tenant_id, started_at) VALUES ($1, 'ppc', $2, $3) ON CONFLICT DO NOTHING`, [c.id, c.tenantId, now]);
    if (r.rowCount === 0) return false;
    await services.cases.appendEvent(c.id, 'legal_clock_started', actor, { awareAt: awareAt.toISOString(), wrongful: false, source, startedAt: now.toISOString() }, tx);
    return true;
  });
}

/** A responder corrects the recorded time of awareness (the timeline keeps the previous one). */
export async function setAwareness(services: ClockServices, c: CaseRecord, actor: Actor, awareAt: Date, previous: Date): Promise<void> {
  await withReminders(services, c, async (tx) => {
    await services.cases.appendEvent(c.id, 'legal_awareness_set', actor, { awareAt: awareAt.toISOString(), previous: previous.toISOString() }, tx);
    return true;
  });
}

/** A responder marks (or unmarks) the breach as caused by a wrongful act: 確報 within 60 days instead of 30. */
export async function setWrongful(services: ClockServices, c: CaseRecord, actor: Actor, wrongful: boolean): Promise<void> {
  await withReminders(services, c, async (tx) => {
    await services.cases.appendEvent(c.id, 'legal_wrongful_set', actor, { wrongful }, tx);
    return true;
  });
}

/** A person filed a report (by hand, outside the bot): its reminders stop. */
export async function markFiled(services: ClockServices, c: CaseRecord, actor: Actor, deadline: 'prelim' | 'final' | 'insurer'): Promise<void> {
  await services.cases.appendEvent(c.id, 'legal_filed', actor, { deadline });
}

/** Starts the insurer's window once: due `windowHours` after discovery (when the case was opened). */
export async function startInsurerClock(
  services: ClockServices,
  c: CaseRecord,
  profile: { insurer: string; policyNumber: string; notifyWindowHours: number },
  now: Date,
): Promise<boolean> {
  return withReminders(services, c, async (tx) => {
    const r = await tx.query(`INSERT INTO case_clocks (case_id, kind, tenant_id, started_at) VALUES ($1, 'insurer', $2, $3) ON CONFLICT DO NOTHING`, [c.id, c.tenantId, now]);
    if (r.rowCount === 0) return false;
    const dueAt = new Date(c.createdAt.getTime() + profile.notifyWindowHours * 3_600_000);
    await services.cases.appendEvent(c.id, 'insurer_clock_started', { kind: 'system' }, {
      discoveredAt: c.createdAt.toISOString(), dueAt: dueAt.toISOString(), insurer: profile.insurer, policyNumber: profile.policyNumber, windowHours: profile.notifyWindowHours,
    }, tx);
    return true;
  });
}
