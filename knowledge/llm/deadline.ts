import { LlmTimeoutError, toLlmError } from './errors.js';

/**
 * One deadline for every model call a question makes (triage, answer, the question's
 * embedding): OPENAI_TIMEOUT_MS from the moment the question is planned. Each call gets what
 * is left, so calls that wait on one another (embed → search → answer) share one budget instead
 * of adding their timeouts up, and a slow provider costs a question at most OPENAI_TIMEOUT_MS.
 */
export class Deadline {
  readonly at: number;

  constructor(
    timeoutMs: number,
    /** Clock (tests pass a fake one). */
    private readonly now: () => number = Date.now,
  ) {
    this.at = now() + timeoutMs;
  }

  remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }
}

/**
 * Less than this left and a call is not sent at all: no model answers that fast, and a request
 * whose answer cannot be used still carries the (redacted) question to the provider.
 */
export const MIN_CALL_MS = 50;

/**
 * The time one call may take: its own limit, cut to what the question's deadline leaves.
 * Throws LlmTimeoutError (nothing sent) when too little is left.
 */
export function callBudget(operation: string, ownLimitMs: number, deadline?: Deadline): number {
  const ms = deadline ? Math.min(ownLimitMs, deadline.remainingMs()) : ownLimitMs;
  if (ms < MIN_CALL_MS) throw new LlmTimeoutError(operation, Math.max(0, ms));
  return ms;
}

/**
 * Runs one model call under a hard deadline and translates whatever it throws
 * into an LlmError. The SDK's own timeout covers the HTTP request; this also
 * covers retries, slow parsing and SDK paths that ignore the signal, so a slow
 * model can never hold a question past its deadline.
 */
export async function withDeadline<T>(operation: string, timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const timeout = new LlmTimeoutError(operation, timeoutMs);
      // Aborting with our error makes LangChain reject with it, and frees the HTTP request.
      controller.abort(timeout);
      reject(timeout);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } catch (err) {
    throw toLlmError(err, operation, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
