/*
 * Telling a database outage (server restarting, connection cut, refused)
 * from a real error, so callers retry the first and report the second.
 */

/**
 * SQLSTATE classes and codes that mean "the server went away or is not
 * accepting connections yet", not "the statement is wrong":
 * 08 connection exception; 57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now (starting up / shutting down); 53300 too_many_connections.
 */
const OUTAGE_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Node socket errors on the way to the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
/** node-postgres reports a dropped connection by message only; libraries that keep only a message keep DatabaseOutageError's. */
const PG_MESSAGES = [/\bDatabase unreachable\b/, /connection terminated/i, /client has encountered a connection error/i, /timeout exceeded when trying to connect/i, /connection is closed/i, /terminating connection/i];

/** True when `err` (or its cause) says the database is unreachable for now; retrying later may succeed. */
export function isDatabaseOutage(err: unknown): boolean {
  // Bolt wraps listener and authorization errors and keeps the original as `original`, not `cause`.
  const next = (e: unknown): unknown => (e as { cause?: unknown }).cause ?? (e as { original?: unknown }).original;
  for (let e: unknown = err, depth = 0; e && depth < 5; e = next(e), depth++) {
    if (typeof e !== 'object') break;
    const code = (e as { code?: unknown }).code;
    if (code === 'DB_OUTAGE' || code === 'DB_UNAVAILABLE') return true;
    if (typeof code === 'string' && (OUTAGE_CODES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && PG_MESSAGES.some((re) => re.test(message))) return true;
    // AggregateError (a connect to ::1 and 127.0.0.1 both refused) carries the socket errors inside.
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some((x) => isDatabaseOutage(x))) return true;
  }
  return false;
}

export interface OutageRetryOptions {
  /** Give up (rethrow) once this much time has passed since the first attempt. */
  retryMs: number;
  /** Told before each wait. */
  onRetry?: (err: unknown, attempt: number, waitMs: number) => void;
  /** First wait; doubles up to maxWaitMs. Defaults 250 ms and 4 s. */
  firstWaitMs?: number;
  maxWaitMs?: number;
}

/**
 * Runs `work`, and again with backoff while it fails because the database is
 * unreachable, for at most `retryMs`. Any other error, or the outage lasting
 * longer, is thrown. `work` gets the attempt number (1, 2 …) and must be safe
 * to run again after an outage cut it off.
 */
export async function retryThroughOutage<T>(work: (attempt: number) => Promise<T>, options: OutageRetryOptions): Promise<T> {
  const giveUpAt = Date.now() + options.retryMs;
  const first = options.firstWaitMs ?? 250;
  const max = options.maxWaitMs ?? 4000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (err) {
      if (!isDatabaseOutage(err) || Date.now() >= giveUpAt) throw err;
      const waitMs = Math.min(max, first * 2 ** (attempt - 1));
      options.onRetry?.(err, attempt, waitMs);
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}
