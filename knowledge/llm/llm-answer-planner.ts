import { bundledContacts } from '../contacts/contact-registry.js';
import { renderContactTokens } from '../contacts/contact-text.js';
import type { Logger } from '../../core/logger.js';
import type { AnswerPlan, AnswerPlanRequest, AnswerPlanner, Citation } from '../answer/answer-plan.js';
import { avoidOfCitations, type OfflineAnswerPlanner } from '../answer/offline-planner.js';
import { checkAnswer } from './answer-check.js';
import { Deadline } from './deadline.js';
import { LlmAnswerRejectedError, LlmError } from './errors.js';
import type { GroundedAnswer, GroundedAnswerer } from './grounded-answer.js';
import { mergeTriage, type LlmTriager } from './llm-triage.js';
import { neutralizeMentions } from '../text/neutralize.js';
import type { PromptPassage } from './prompts.js';
import { Redactor, type NameSpans } from './redaction.js';

export interface LlmPlannerOptions {
  /** Directory display names to redact (may throw: then nothing is sent to the model). */
  knownNames?: () => Promise<string[]>;
  /**
   * The name finder (name-finder.ts: dictionary and NLP names without a cue), awaited before
   * anything is sent; if it cannot load, nothing is sent. Without it only the patterns apply.
   */
  nameFinder?: () => Promise<NameSpans>;
  logger?: Logger;
  /** One deadline for all the model calls of a question (OPENAI_TIMEOUT_MS; default 8000). */
  timeoutMs?: number;
  /** Clock of the deadline (tests). */
  now?: () => number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const settle = <T>(p: Promise<T>): Promise<Outcome<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * The language-model planner. It stands on the offline planner and may only add
 * to it: a higher severity (never lower) and a grounded answer text next to the
 * knowledge-base steps. Everything sent is redacted first; anything that goes
 * wrong with the model (timeout, 429, 5xx, bad JSON, an ungrounded answer) leaves
 * the offline plan as it was, with `trace.llm = 'fallback'`; an answer that fails the
 * output check (answer-check.ts) leaves the offline plan as if the model had not been
 * asked, with `trace.llm = 'rejected'`.
 *
 * Only what will be used is sent: nothing for a reply that uses no model output
 * (`request.model = 'none'`) or for a message the offline verdict calls off-topic (the
 * model cannot make it a case); only the triage for `model = 'triage'`. The calls
 * share one deadline: triage runs beside retrieval (whose embedding request gets what
 * the deadline leaves), the answer follows retrieval with what is left then.
 *
 * Nothing is sent for a company that has not consented (`request.llm`, from tenants.llm_consent);
 * its question embedding only with `request.llm.embeddings`.
 *
 * The model sees only this question (and its own thread), redacted, plus the
 * passages retrieval picked for it. It is never given other cases or tenants,
 * so no prompt can make it reveal them.
 */
export class LlmAnswerPlanner implements AnswerPlanner {
  readonly usesModel = true;
  constructor(
    private readonly offline: OfflineAnswerPlanner,
    private readonly triager: LlmTriager,
    private readonly answerer: GroundedAnswerer,
    private readonly options: LlmPlannerOptions = {},
  ) {}

  async plan(request: AnswerPlanRequest): Promise<AnswerPlan> {
    const use = request.model ?? 'answer';
    const rules = this.offline.triager.triage({ text: request.text, history: request.history });
    // The company has not consented (tenants.llm_consent), or nothing the model says would reach
    // the reply: ask it nothing (embeddings included), exactly the plan made without OPENAI_API_KEY.
    if (request.llm?.chat !== true || use === 'none' || !rules.securityRelevant) return this.offline.planWithTriage(request, rules, { lexicalOnly: true });
    let redactor: Redactor;
    try {
      const [known, names] = await Promise.all([this.options.knownNames?.() ?? [], this.options.nameFinder?.()]);
      redactor = new Redactor([...known, ...(request.knownNames ?? [])], { names });
    } catch (err) {
      // Without the names we cannot promise the redaction: answer offline, send nothing.
      this.options.logger?.warn({ err }, 'directory names or the name finder unavailable; answering without the language model');
      const plan = await this.offline.planWithTriage(request, rules, { lexicalOnly: true });
      return { ...plan, trace: { ...plan.trace, llm: 'fallback' } };
    }
    // The deadline is the model calls': it starts once the redaction is ready (the name finder's
    // dictionary loads once per process, while the bot starts; a first question may wait for it).
    const deadline = new Deadline(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, this.options.now);
    const message = redactor.redact(request.text);
    const earlier = (request.history ?? []).map((h) => redactor.redact(h));
    const search = { deadline, lexicalOnly: use !== 'answer' || !request.llm.embeddings };

    // Triage by the model runs while retrieval does; its failure is only recorded, never thrown.
    const llmTriage = settle(this.triager.classify({ message, earlier }, deadline));
    const offline = await this.offline.planWithTriage(request, rules, search);
    const passages = offline.answered && use === 'answer' ? passagesFor(offline, redactor) : [];
    const generated = passages.length > 0 ? settle(this.answerer.answer({ question: message, earlier, passages, lang: offline.triage.lang }, deadline)) : undefined;

    const [triageOutcome, answerOutcome] = await Promise.all([llmTriage, generated]);
    const failures = [triageOutcome, answerOutcome].filter((o): o is { ok: false; error: unknown } => o !== undefined && !o.ok);
    for (const f of failures) this.logFailure(f.error);

    let plan = offline;
    try {
      if (answerOutcome?.ok) {
        const rejection = await this.check(answerOutcome.value, offline, passages, redactor);
        if (rejection) {
          // Code and kind only: the text may hold anything, the asker's words included.
          this.options.logger?.warn({ code: rejection.code, reason: rejection.kind, ...(rejection.act ? { act: rejection.act } : {}) }, 'generated answer rejected by the output check; offline answer shown');
          return { ...offline, trace: { ...offline.trace, llm: 'rejected' } };
        }
      }
      const triage = triageOutcome.ok ? mergeTriage(rules, triageOutcome.value, { message, earlier }) : rules;
      // A raised verdict changes the decision (escalate, first aid): let the offline rules decide it again.
      if (triage !== rules) plan = await this.offline.planWithTriage(request, triage, search);
      if (answerOutcome?.ok) plan = withGenerated(plan, answerOutcome.value, redactor, request.toWriter === true);
    } catch (err) {
      // A bug or database hiccup in the extra step must not cost the asker the answer they already have.
      this.logFailure(err);
      return { ...offline, trace: { ...offline.trace, llm: 'fallback' } };
    }
    return { ...plan, trace: { ...plan.trace, llm: failures.length > 0 ? 'fallback' : 'used' } };
  }

  /** The output check of a generated answer against the passages it cites and their articles' "do not" lists. */
  private async check(answer: GroundedAnswer, offline: AnswerPlan, passages: PromptPassage[], redactor: Redactor): Promise<LlmAnswerRejectedError | undefined> {
    const cited = new Set(answer.citedSlugs);
    const avoid = await avoidOfCitations(this.offline.articles, offline.citations.filter((c) => cited.has(c.slug)));
    const rejection = checkAnswer(answer.text, {
      passages: passages.filter((p) => cited.has(p.slug)).map((p) => `${p.title}\n${p.text}`),
      issued: (p) => redactor.issued(p),
      avoid,
    });
    return rejection ? new LlmAnswerRejectedError(rejection.kind, rejection.act) : undefined;
  }

  private logFailure(err: unknown): void {
    if (err instanceof LlmError) {
      // Code and operation only: the error's cause may quote the request, which holds the question.
      this.options.logger?.warn({ code: err.code, operation: err.operation }, 'language model step failed; offline answer kept');
    } else {
      this.options.logger?.error({ err }, 'language model planner failed; offline answer kept');
    }
  }
}

/** OPENAI_TIMEOUT_MS's default (bot/config.ts). */
const DEFAULT_TIMEOUT_MS = 8000;

/**
 * The retrieved passages the model may use: each cited article's matching chunk,
 * plus the top article's "do now" steps, so the answer can say what the reply's
 * steps say. Redacted like the question (articles may quote phone numbers).
 */
function passagesFor(plan: AnswerPlan, redactor: Redactor): PromptPassage[] {
  return plan.citations.map((c: Citation, i) => {
    const steps = i === 0 && plan.steps.length > 0 ? `\n${plan.steps.map((s, n) => `${n + 1}. ${s}`).join('\n')}` : '';
    // The desks the passage names, as the reply will show them (name and details), not as tokens.
    const text = renderContactTokens(`${c.passage}${steps}`, c.lang, bundledContacts()).text;
    return { slug: c.slug, title: redactor.redact(c.title, { published: true }), text: redactor.redact(text, { published: true }) };
  });
}

/** Attaches the generated text when it cites only what the final plan cites. */
function withGenerated(plan: AnswerPlan, answer: GroundedAnswer, redactor: Redactor, toWriter: boolean): AnswerPlan {
  const slugs = new Set(plan.citations.map((c) => c.slug));
  if (!plan.answered || !answer.citedSlugs.every((s) => slugs.has(s))) return plan;
  // Restoring can only bring back the asker's own words (never cards, My Numbers, passwords, tokens,
  // bank accounts), and only in a 1:1 conversation with them; neutralise again in case one was a mention.
  const text = redactor.restore(answer.text, { lang: plan.triage.lang, toWriter });
  return { ...plan, generated: { text: neutralizeMentions(text), citedSlugs: answer.citedSlugs } };
}
