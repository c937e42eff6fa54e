import { OtasukeError } from '../core/errors.js';

/**
 * A job that can never succeed (its case is gone, the payload is malformed, the
 * destination was revoked). The runner marks it failed instead of retrying.
 */
export class UnrecoverableJobError extends OtasukeError {
  constructor(message: string, cause?: unknown) {
    super('JOB_UNRECOVERABLE', message, { cause });
  }
}

/** The queue backend (Redis) refused or could not be reached. The job stays pending in PostgreSQL. */
export class QueueUnavailableError extends OtasukeError {
  constructor(cause: unknown) {
    super('QUEUE_UNAVAILABLE', 'The job queue is not reachable; the job stays pending and will be re-enqueued', { cause });
  }
}
