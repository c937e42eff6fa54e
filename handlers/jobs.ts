import type { Queryable } from '../db/database.js';

/**
 * Typed job contracts: one map from job name to payload drives both the
 * producers (handlers) and the processors. Payloads hold ids, never objects,
 * so a job can be rebuilt from PostgreSQL alone.
 */
export interface JobPayloads {
  /** Post (or re-post) the escalation card of a case to its responder group, at tier `tier`. */
  'escalation.notify': { caseId: number; tier: number; reason: 'escalated' | 'renotify' | 'reopened' | 'released' };
  /** Fires when notification step `step` of escalation round `round` has waited its tier's time unclaimed. */
  'escalation.timer': { caseId: number; round: number; step: number };
  /**
   * The data-retention run of one UTC day (`YYYY-MM-DD`, due at 00:00 UTC of that day): runs
   * runRetention with the configured mode and schedules the next day's run. The id is
   * deterministic per day, so every bot process may schedule it and it is recorded once.
   */
  'retention.run': { day: string };
  /**
   * Answers a question a rate limit held (row `heldId` of `rate_limited`) through the core
   * handler, as if the asker had just sent it; queued by an operator or an admin.
   */
  'held.answer': { heldId: number };
  /**
   * Checks, some minutes after a question opened its case, that the question was answered: a
   * case still `new` by then lost the process handling it (killed, crashed) and is taken up here.
   */
  'case.resume': { caseId: number };
  /**
   * A device alert (row `alertId` of `alerts`) opened case `caseId`, committed with the vendor's
   * severity only: triage the alert's words (the case takes the higher of its severity and the
   * text's, never lower), escalate it (reason `device_alert`) and record `alert.notify`. Once: a
   * case no longer `new` was escalated by an earlier run.
   */
  'alert.open': { caseId: number; alertId: number };
  /**
   * A device alert opened case `caseId`: message the person at the machine (or the tenant's
   * contact person) in their chat with the first-aid steps and the intake questions.
   */
  'alert.notify': { caseId: number };
  /**
   * Delivers, in order, the replies of one conversation left pending in the reply outbox after
   * their lease (the process that answered died, or the platform or database was down).
   */
  'reply.deliver': { conversation: string };
  /**
   * Takes up a question of the durable inbox (`inbound_receipts.inbound`) whose replies never
   * got on record: handled again through the core (its case continued or its answer replayed),
   * then delivered through the outbox.
   */
  'inbound.resume': { key: string };
  /**
   * Outside office hours, page attempt `attempt` (0-based) of escalation round `round` of a
   * critical or high case: a direct message to whoever is on call, until they acknowledge or
   * claim; after the last attempt the round falls back to the next tier (handlers/oncall).
   */
  'oncall.page': { caseId: number; round: number; attempt: number };
  /**
   * Checks on a claimed case whether its holder has written to the asker lately: `remind` reminds
   * them after the severity's reminder minutes, `revert` returns the case to the queue after the
   * revert minutes, counted from `since` (ISO: the claim, or the holder's last message known when
   * the check was recorded). `dueAt` (ISO) makes each check's id deterministic.
   */
  'ack.check': { caseId: number; round: number; holderId: string; stage: 'remind' | 'revert'; dueAt: string; since: string };
  /**
   * A reminder of a deadline running on a case (handlers/legal): the PPC 速報 or 確報, or the
   * insurer's notification window; `stage` before it or on the day, `dueAt` (ISO) the due date it
   * was recorded for (a reminder whose date is no longer the clock's, or whose report was filed, does nothing).
   */
  'clock.remind': { caseId: number; deadline: 'ppc_prelim' | 'ppc_final' | 'insurer'; stage: 'before' | 'due'; dueAt: string };
  /**
   * Posts on-site dispatch request `dispatchId` (handlers/dispatch) to the dispatch group at
   * `position` of its company's route, with its accept / decline buttons.
   */
  'dispatch.post': { dispatchId: number; position: number };
  /**
   * Checks on a dispatch request posted to the group at `position`: still unanswered there,
   * `remind` posts a reminder in the post's thread and `escalate` hands it to the next group
   * (or, after the last, tells the responders nobody took it). A request that moved on does nothing.
   */
  'dispatch.timer': { dispatchId: number; position: number; stage: 'remind' | 'escalate' };
}

export type JobName = keyof JobPayloads;

/** A job as recorded in the `jobs` table: the truth the queues deliver from. */
export interface JobSpec<N extends JobName = JobName> {
  /**
   * Deterministic id (case and step, e.g. `escalation-notify-42-t0-1`), so
   * producing the same step twice records one job. No `:` (BullMQ ids).
   */
  id: string;
  name: N;
  payload: JobPayloads[N];
  runAt: Date;
  /**
   * Set by the sweep when it takes over a job whose worker's lease ran out (the worker died):
   * the attempt count, so the queue delivers it under a fresh id. The dead worker's delivery
   * may still sit in the queue as active until the queue notices, which takes much longer.
   */
  takeover?: number;
}

/** Retry policy for every job, in one place for both queue kinds. */
export const JOB_RETRY = {
  /** Attempts before a job is marked failed for an operator to look at. */
  maxAttempts: 8,
  /** Exponential backoff base: 1 s, 2 s, 4 s … */
  backoffMs: 1000,
  /** How long a running job's lease lasts before another worker may take it over. */
  leaseMs: 60_000,
} as const;

/**
 * The `jobs` table's insert of `specs` for each row of `source` (a WITH query of the statement):
 * a change and the jobs it calls for are recorded by one statement, atomically, and only when
 * the change happened (no row in `source`: no job). Values are appended to `params`. A second
 * record of the same id is ignored. JobStore records single jobs with the same SQL.
 */
export function jobRowsInsert(source: string, specs: JobSpec[], params: unknown[]): string {
  const tuples = specs.map((spec) => {
    params.push(spec.id, spec.name, JSON.stringify(spec.payload), spec.runAt);
    const n = params.length;
    return `($${n - 3}::text, $${n - 2}::text, $${n - 1}::jsonb, $${n}::timestamptz)`;
  });
  return `INSERT INTO jobs (id, name, payload, run_at)
    SELECT v.id, v.name, v.payload, v.run_at FROM ${source} CROSS JOIN (VALUES ${tuples.join(', ')}) AS v(id, name, payload, run_at)
    ON CONFLICT (id) DO NOTHING`;
}

export function jobId(...parts: (string | number)[]): string {
  return parts.join('-').replace(/[^a-zA-Z0-9_-]/g, '_');
}

/**
 * The ports handlers start background work through; workers/ implements them
 * (JobStore, JobScheduler, JobSweeper), so the domain names what must happen
 * and never depends on how it is run.
 */
export interface JobRecorder {
  /** Records the job (in `tx` when given); the same id twice records one job. */
  record(spec: JobSpec, tx?: Queryable): Promise<void>;
}

export interface JobScheduling extends JobRecorder {
  record(spec: JobSpec, tx: Queryable): Promise<void>;
  /** Records several jobs in `tx` with one statement. */
  recordAll(specs: JobSpec[], tx: Queryable): Promise<void>;
  /** Hands recorded jobs to the queue after their transaction committed; a queue outage leaves them to the sweep. */
  dispatch(specs: JobSpec[]): Promise<void>;
  /** Records and dispatches one job outside any transaction. */
  schedule(spec: JobSpec): Promise<void>;
}

/** Records jobs the state of the database calls for (a question left unanswered …); run before each sweep. */
export interface JobProducer {
  readonly name: string;
  /** Records the jobs (deterministic ids, so several processes record each once); returns how many were called for. */
  produce(): Promise<number>;
}
