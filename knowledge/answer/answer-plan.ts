import type { TriageResult } from '../triage/index.js';

/** One article the answer cites, with the passage that matched. */
export interface Citation {
  articleId: number;
  slug: string;
  title: string;
  lang: 'ja' | 'en';
  topics: string[];
  /** The chunk of the article that matched the question, for quoting. */
  passage: string;
  score: number;
}

/**
 * What became of the language model's part of a plan: `used` (its verdict or answer went into the
 * plan), `fallback` (a call failed: timeout, HTTP error, bad JSON, an answer without citations),
 * `rejected` (its answer failed the output check and the offline plan was used as if the model
 * had not been asked). Absent when no model was asked.
 */
export type LlmOutcome = 'used' | 'fallback' | 'rejected';

/** How the bot will respond to a question. */
export type AnswerDecision =
  /** A confident knowledge-base answer; a responder is offered by button. */
  | 'answer'
  /** Escalate now; the reply still carries first aid / steps when an article fits. */
  | 'escalate'
  /** Nothing confident in the KB and nothing urgent: say so and offer a responder. */
  | 'no_answer'
  /** Not a security question (or an attempt to instruct the bot): polite refusal. */
  | 'off_topic';

/**
 * The channel-neutral result of the pipeline (triage → retrieval → decision)
 * for one question. The eval command and the handlers consume the same plan.
 */
export interface AnswerPlan {
  triage: TriageResult;
  decision: AnswerDecision;
  /** Whether the reply carries a knowledge-base answer (steps, citations). */
  answered: boolean;
  citations: Citation[];
  /** From the top article: numbered steps of "what to do now". */
  steps: string[];
  /** From the top article: what not to do. */
  avoid: string[];
  /** Best passage to quote when there are no steps. */
  passage?: string;
  /**
   * A language-model answer grounded in `citations` (only when a model is configured and its
   * answer passed the grounding checks). `text` has the asker's personal data restored, so it
   * belongs in the reply to the asker only; mentions are already neutralised.
   */
  generated?: { text: string; citedSlugs: string[] };
  /** How the plan was made (for logs and the eval's --out). */
  trace: { retrievalMs: number; topScore: number; threshold: number; llm?: LlmOutcome };
}

export interface AnswerPlanRequest {
  text: string;
  /** Earlier asker messages of the same case, oldest first. */
  history?: string[];
  /** Language the platform reports; the text wins when it clearly differs. */
  langHint?: 'ja' | 'en';
  /** Extra names to redact before anything goes to a language model (the directory's are always used). */
  knownNames?: string[];
  /**
   * True only when the reply goes to a 1:1 conversation with the person who wrote the text: then
   * the model's placeholders for their names, e-mails, phones and addresses are put back. Otherwise
   * (a channel thread, a responder card, unknown) every placeholder stays a neutral mask. Cards,
   * My Numbers, passwords, tokens and bank accounts are never put back.
   */
  toWriter?: boolean;
  /**
   * What of the language model the reply will use (default `answer`): `answer`, everything
   * (triage, the question's embedding, a generated answer); `triage`, only the verdict (a
   * follow-up on an escalated case, where a raise re-notifies the responders); `none`, nothing
   * (a claimed, resolved or closed case): nothing is sent to the model, embeddings included.
   */
  model?: 'answer' | 'triage' | 'none';
  /**
   * The asking company's consent to the language model (tenants.llm_consent, issue #22). Absent or
   * `chat: false`: nothing is sent to the provider (no chat, no embeddings) and the plan is the
   * offline one, exactly as without OPENAI_API_KEY. `embeddings` counts only with `chat`.
   */
  llm?: LlmUse;
}

/** What of the language model a question may use, by its company's consent. */
export interface LlmUse {
  /** Triage and the grounded answer (chat completions). */
  chat: boolean;
  /** The question's embedding for hybrid search. */
  embeddings: boolean;
}

/** Consent as an admin gave it to every question (the eval command, tests of the model path). */
export const LLM_FULL: LlmUse = Object.freeze({ chat: true, embeddings: true });

/** Produces answer plans; the offline implementation is rules + lexical search. */
export interface AnswerPlanner {
  plan(request: AnswerPlanRequest): Promise<AnswerPlan>;
  /** True when a language model is configured: only then is a company's consent worth reading. */
  readonly usesModel?: boolean;
}
