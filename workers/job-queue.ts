import type { JobSpec } from '../handlers/jobs.js';

/**
 * The queue port: delivers recorded jobs to a JobRunner at their time.
 * BullMQ on Redis in production; in-process timers with nothing configured.
 * Either way the job row in PostgreSQL is the truth, so a lost delivery is
 * recovered by the sweep.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  /** Hands a committed job to the runners; a duplicate id is ignored. */
  dispatch(spec: JobSpec): Promise<void>;
  /** Several committed jobs in one exchange with the backend (an escalation's card and timer); as dispatch otherwise. */
  dispatchAll?(specs: JobSpec[]): Promise<void>;
  start(): Promise<void>;
  /** Stops taking jobs and waits (bounded) for running ones. */
  close(): Promise<void>;
  /** Jobs waiting or delayed in the backend (for readiness and metrics). */
  depth(): Promise<number>;
}
