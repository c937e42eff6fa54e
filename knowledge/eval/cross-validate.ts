import { createHash } from 'node:crypto';
import type { AnswerPlanner } from '../answer/answer-plan.js';
import type { TextAnalyzer } from '../search/analyzer.js';
import type { CorpusLine } from '../triage/corpus-schema.js';
import { DecisionModel } from '../triage/learned/decision-model.js';
import { heldOutReadings, pinHeldOutCache, prepareHeldOutReadings, type HeldOutReading } from '../triage/learned/held-out-readings.js';
import type { SituationReading } from '../triage/learned/situation-model.js';
import { Triager, type SituationReader, type TriageThresholds } from '../triage/triager.js';
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
  /** With the decision layer, learned per fold from the other writers' held-out readings (default true). */
  decision?: boolean;
  /** Digest of the corpus folder (shares the held-out readings' cache with `train`); default: of the lines. */
  corpusDigest?: string;
  /** Called after each fold (progress on stderr). */
  onFold?: (fold: WriterFold) => void;
  /** Called while the held-out readings are computed (first run only; cached after). */
  onReadings?: (writer: string, done: number, of: number) => void;
  /** Processes computing the held-out readings when they are not cached (command line only: forks tsx). */
  jobs?: number;
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
  const digest = options.corpusDigest ?? createHash('sha256').update(JSON.stringify(corpus)).digest('hex');
  const readingOptions = pinHeldOutCache({ corpusDigest: digest, onWriter: options.onReadings });
  await prepareHeldOutReadings(corpus, { ...readingOptions, jobs: options.jobs ?? 1 });
  const held = heldOutReadings(options.analyzer, corpus, readingOptions);
  const writers = [...new Set(corpus.map((l) => l.writer))].sort();
  const cases: EvalCase[] = [];
  const results = new Map<string, EvalResult>();
  const perWriter: WriterFold[] = [];
  for (const writer of writers) {
    const foldHeld = held.filter((h) => h.line.writer === writer);
    const heldOut = foldHeld.map((h) => toEvalCase(h.line));
    // The fold's decision layer learns only from the other writers' readings.
    const decision = options.decision === false ? undefined : DecisionModel.train(held.filter((h) => h.line.writer !== writer));
    const triager = new Triager(new RecordedReadings(foldHeld), options.thresholds, decision);
    const foldResults = await runEval(options.plannerFor(triager), heldOut);
    const fold = { writer, metrics: computeMetrics(heldOut, foldResults) };
    perWriter.push(fold);
    options.onFold?.(fold);
    cases.push(...heldOut);
    for (const [id, r] of foldResults) results.set(id, r);
  }
  return { overall: computeMetrics(cases, results), perWriter, cases, results };
}

/**
 * The held-out readings of one fold, handed out as a reader: the recognisers that made them never
 * saw the writer, and reading them back costs nothing (the training was done once, and cached).
 */
class RecordedReadings implements SituationReader {
  private readonly byMessage: Map<string, SituationReading>;

  constructor(held: readonly HeldOutReading[]) {
    this.byMessage = new Map(held.map((h) => [messageKey(h.line.text, h.line.history), h.reading]));
  }

  read(text: string, history?: readonly string[]): SituationReading {
    const reading = this.byMessage.get(messageKey(text, history));
    if (!reading) throw new Error('cross-validation asked for a message outside the held-out writer');
    return reading;
  }
}

function messageKey(text: string, history: readonly string[] | undefined): string {
  return JSON.stringify([text, history ?? []]);
}
