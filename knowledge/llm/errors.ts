import { OtasukeError } from '../../core/errors.js';
import type { RejectionKind } from './answer-check.js';

/**
 * Failures of the optional language-model path. None of them reaches the asker:
 * the planner catches every LlmError and answers from the offline path. The
 * classes exist so logs and tests can tell a slow model from a broken one.
 */
export class LlmError extends OtasukeError {
  constructor(
    code: string,
    message: string,
    /** Which call failed (`triage`, `answer`, `embed_query`, `embed_documents`). */
    readonly operation: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
  }
}

/** The model did not answer within OPENAI_TIMEOUT_MS (or the connection timed out). */
export class LlmTimeoutError extends LlmError {
  constructor(operation: string, readonly timeoutMs: number, cause?: unknown) {
    super('LLM_TIMEOUT', `${operation}: no answer from the model within ${timeoutMs} ms`, operation, { cause });
  }
}

/** 429: over the account's rate or quota. */
export class LlmRateLimitedError extends LlmError {
  constructor(operation: string, cause?: unknown) {
    super('LLM_RATE_LIMITED', `${operation}: the model API is rate limiting us (429)`, operation, { cause });
  }
}

/** 5xx or a connection failure: the service is down or unreachable; worth trying later. */
export class LlmUnavailableError extends LlmError {
  constructor(operation: string, readonly status: number | undefined, cause?: unknown) {
    super('LLM_UNAVAILABLE', `${operation}: the model API is unavailable${status ? ` (${status})` : ''}`, operation, { cause });
  }
}

/** 400/401/403/404: our request, key or model name is wrong; retrying will not help. */
export class LlmRequestRejectedError extends LlmError {
  constructor(operation: string, readonly status: number, cause?: unknown) {
    super('LLM_REQUEST_REJECTED', `${operation}: the model API rejected the request (${status})`, operation, { cause });
  }
}

/** The model answered, but not with JSON of the agreed shape (or with unknown values). */
export class LlmInvalidOutputError extends LlmError {
  constructor(operation: string, detail: string, cause?: unknown) {
    super('LLM_INVALID_OUTPUT', `${operation}: unusable model output (${detail})`, operation, { cause });
  }
}

/** Why a generated answer was not used. */
export type UngroundedReason = 'refused' | 'empty' | 'no_citations' | 'unknown_citation';

/**
 * The model's answer is not grounded in the retrieved passages (it refused, said
 * nothing, or cited something we did not give it). The offline answer is used.
 */
export class LlmUngroundedAnswerError extends LlmError {
  constructor(readonly reason: UngroundedReason) {
    super('LLM_UNGROUNDED', `answer: generated answer rejected (${reason})`, 'answer');
  }
}

/**
 * The model's answer said something the cited passages do not (a phone number, link, amount or
 * organisation of its own, a placeholder it was not given), contradicted the articles' "do not"
 * list, or read like injected instructions. `kind` says which; the text is never kept.
 */
export class LlmAnswerRejectedError extends LlmError {
  constructor(
    readonly kind: RejectionKind,
    /** For an avoided act: its id (avoided-acts.ts). */
    readonly act?: string,
  ) {
    super('LLM_ANSWER_REJECTED', `answer: generated answer rejected by the output check (${kind})`, 'answer');
  }
}

/**
 * The one translator from whatever the openai SDK / LangChain threw to the
 * classes above. Branches on the HTTP status and the error's name (both stable
 * parts of the SDKs' contracts), never on message text.
 */
export function toLlmError(err: unknown, operation: string, timeoutMs: number): LlmError {
  if (err instanceof LlmError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as { status?: unknown; name?: unknown; code?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const name = typeof e.name === 'string' ? e.name : '';
  // LangChain re-throws openai's APIConnectionTimeoutError as a plain Error named TimeoutError;
  // our own deadline aborts the request, which surfaces as an AbortError.
  if (name === 'TimeoutError' || name === 'APIConnectionTimeoutError' || name === 'AbortError' || name === 'APIUserAbortError') {
    return new LlmTimeoutError(operation, timeoutMs, err);
  }
  if (status === 429) return new LlmRateLimitedError(operation, err);
  if (status !== undefined && status >= 500) return new LlmUnavailableError(operation, status, err);
  if (status !== undefined && status >= 400) return new LlmRequestRejectedError(operation, status, err);
  if (name === 'APIConnectionError') return new LlmUnavailableError(operation, undefined, err);
  // Anything else (SyntaxError from JSON.parse, ZodError, LangChain's OutputParserException) means
  // the model answered with something we cannot use.
  return new LlmInvalidOutputError(operation, name || 'unparseable', err);
}
