import { LlmTimeoutError, toLlmError } from './errors.js';

/**
 * Runs one model call under a hard deadline and translates whatever it throws
 * into an LlmError. The SDK's own timeout covers the HTTP request; this also
 * covers retries, slow parsing and SDK paths that ignore the signal, so a slow
 * model can never hold a question past OPENAI_TIMEOUT_MS.
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
