import { OtasukeError } from '../core/errors.js';

/** The database could not be reached at start, after every retry. */
export class DatabaseUnavailableError extends OtasukeError {
  constructor(target: string, attempts: number, cause: unknown) {
    super('DB_UNAVAILABLE', `Database ${target} is not reachable after ${attempts} attempt(s)`, {
      cause,
      userMessageKey: 'error.temporary',
    });
  }
}

/** The database went away while in use (restart, cut connection); the same work may succeed later. */
export class DatabaseOutageError extends OtasukeError {
  constructor(cause: unknown) {
    super('DB_OUTAGE', `Database unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, userMessageKey: 'error.temporary' });
  }
}

/** A migration failed; its transaction was rolled back, so no half-migrated schema remains. */
export class MigrationError extends OtasukeError {
  constructor(message: string, cause: unknown) {
    super('DB_MIGRATION_FAILED', message, { cause });
  }
}

/** The embedded database folder is in use by another bot process (PGlite is one process's database). */
export class DatabaseBusyError extends OtasukeError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super('DB_BUSY', `The embedded database ${dataDir} is in use by another bot (process ${pid})`, { userMessageKey: 'startup.databaseBusy' });
  }
}
