import type { AnswerPlanner } from '../answer/answer-plan.js';
import type { TextAnalyzer } from '../search/analyzer.js';
import type { CorpusLine } from '../triage/corpus-schema.js';
import { createTriager } from '../triage/create-triager.js';
import type { Triager, TriageThresholds } from '../triage/triager.js';
import { computeMetrics, type EvalCase, type EvalMetrics, type EvalResult } from './eval-metrics.js';
import { runEval } from './run-eval.js';

export interface WriterFold {
  writer: string;
  metrics: EvalMetrics;
}

export interface CrossValidation {
  /** Every held-out message scored once, by the model that never saw its writer. */
  overall: EvalMetrics;
  perWriter: WriterFold[];
  cases: EvalCase[];
  results: Map<string, EvalResult>;
}

export interface CrossValidateOptions {
  analyzer: TextAnalyzer;
  /** The pipeline to evaluate, around a triager trained without the held-out writer. */
  plannerFor: (triager: Triager) => AnswerPlanner;
  thresholds?: Partial<TriageThresholds>;
  /** Called after each fold (progress on stderr). */
  onFold?: (fold: WriterFold) => void;
}

/** A corpus line as the eval contract's question. */
export function toEvalCase(line: CorpusLine): EvalCase {
  return {
    id: line.id,
    lang: line.lang,
    text: line.text,
    category: line.category,
    severity: line.severity,
    escalate: line.escalate,
    topics: line.topics,
    ...(line.answerable === false ? { answerable: false } : {}),
    ...(line.history ? { history: line.history } : {}),
  };
}

/**
 * Leave-one-writer-out cross-validation: for each writer, train the recognisers on every
 * other writer's messages and run the held-out writer's messages through the full pipeline.
 * Writers never saw each other's work, so this predicts how the triage does on messages
 * written by hands it has never seen (the dev set cannot: the rules were written with it).
 */
export async function crossValidate(corpus: readonly CorpusLine[], options: CrossValidateOptions): Promise<CrossValidation> {
  const writers = [...new Set(corpus.map((l) => l.writer))].sort();
  const cases: EvalCase[] = [];
  const results = new Map<string, EvalResult>();
  const perWriter: WriterFold[] = [];
  for (const writer of writers) {
    const training = corpus.filter((l) => l.writer !== writer);
    const heldOut = corpus.filter((l) => l.writer === writer).map(toEvalCase);
    const triager = createTriager(options.analyzer, { corpus: training, thresholds: options.thresholds });
    const foldResults = await runEval(options.plannerFor(triager), heldOut);
    const fold = { writer, metrics: computeMetrics(heldOut, foldResults) };
    perWriter.push(fold);
    options.onFold?.(fold);
    cases.push(...heldOut);
    for (const [id, r] of foldResults) results.set(id, r);
  }
  return { overall: computeMetrics(cases, results), perWriter, cases, results };
}
