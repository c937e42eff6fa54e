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

export function jobId(...parts: (string | number)[]): string {
  return parts.join('-').replace(/[^a-zA-Z0-9_-]/g, '_');
}
