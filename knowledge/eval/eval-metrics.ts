import { severityRank, type Severity } from '../taxonomy.js';

/** One labelled question (see ../shared/eval/README.md). */
export interface EvalCase {
  id: string;
  lang: 'ja' | 'en';
  text: string;
  category: string;
  severity: Severity;
  escalate: boolean;
  topics: string[];
  answerable?: boolean;
  /** Earlier messages of the same thread (corpus lines only), oldest first. */
  history?: string[];
}

/** What the pipeline did with one question. */
export interface EvalResult {
  id: string;
  predicted: { category: string; severity: Severity; escalate: boolean; answered: boolean; decision: string };
  cited: { slug: string; topics: string[]; score: number }[];
  ms: number;
  /** What triage handed to the search (for reading misses in `eval --out`; no metric reads it). */
  triage?: { topics: { id: string; p: number }[]; confident: string[]; hints: string[]; noArticleLikely: boolean; signals?: string[]; policy?: string };
}

export interface EvalMetrics {
  n: number;
  category_accuracy: number;
  severity_accuracy: number;
  critical_recall: number;
  under_triage_rate: number;
  escalation_recall: number;
  escalation_precision: number;
  hit_at_1: number;
  hit_at_3: number;
  mrr: number;
  answer_rate: number;
  abstain_accuracy: number;
  /**
   * Not in the eval contract (an extra key): of security questions no article covers (`topics: []`,
   * not `answerable: false`, no responder needed), the fraction that got no knowledge-base answer —
   * what a loosely related article in place of an honest "no answer" costs (knowledge/triage/kb-gaps).
   */
  gap_abstain: number;
  p50_ms: number;
  p95_ms: number;
}

const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);
const round = (x: number) => Math.round(x * 1000) / 1000;

/** The metrics exactly as the eval contract defines them. */
export function computeMetrics(cases: EvalCase[], results: Map<string, EvalResult>): EvalMetrics {
  const pairs = cases.map((c) => ({ c, r: results.get(c.id)! }));
  const count = (pred: (p: (typeof pairs)[number]) => boolean) => pairs.filter(pred).length;
  const critical = pairs.filter((p) => p.c.severity === 'critical');
  const shouldEscalate = pairs.filter((p) => p.c.escalate);
  const escalated = pairs.filter((p) => p.r.predicted.escalate);
  const withTopics = pairs.filter((p) => p.c.topics.length > 0);
  const unanswerable = pairs.filter((p) => p.c.answerable === false);
  const uncovered = pairs.filter((p) => p.c.topics.length === 0 && p.c.answerable !== false && !p.c.escalate);
  const rankOfHit = (p: (typeof pairs)[number]) => p.r.cited.findIndex((ci) => ci.topics.some((t) => p.c.topics.includes(t)));
  const times = pairs.map((p) => p.r.ms).sort((a, b) => a - b);
  const pct = (q: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))]! : 0);
  return {
    n: cases.length,
    category_accuracy: round(ratio(count((p) => p.r.predicted.category === p.c.category), pairs.length)),
    severity_accuracy: round(ratio(count((p) => p.r.predicted.severity === p.c.severity), pairs.length)),
    critical_recall: round(ratio(critical.filter((p) => p.r.predicted.severity === 'critical').length, critical.length)),
    under_triage_rate: round(ratio(count((p) => severityRank(p.r.predicted.severity) < severityRank(p.c.severity)), pairs.length)),
    escalation_recall: round(ratio(shouldEscalate.filter((p) => p.r.predicted.escalate).length, shouldEscalate.length)),
    escalation_precision: round(ratio(escalated.filter((p) => p.c.escalate).length, escalated.length)),
    hit_at_1: round(ratio(withTopics.filter((p) => rankOfHit(p) === 0).length, withTopics.length)),
    hit_at_3: round(ratio(withTopics.filter((p) => { const k = rankOfHit(p); return k >= 0 && k < 3; }).length, withTopics.length)),
    mrr: round(withTopics.length ? withTopics.reduce((s, p) => { const k = rankOfHit(p); return s + (k >= 0 ? 1 / (k + 1) : 0); }, 0) / withTopics.length : 1),
    answer_rate: round(ratio(withTopics.filter((p) => p.r.predicted.answered).length, withTopics.length)),
    abstain_accuracy: round(ratio(unanswerable.filter((p) => !p.r.predicted.answered).length, unanswerable.length)),
    gap_abstain: round(ratio(uncovered.filter((p) => !p.r.predicted.answered).length, uncovered.length)),
    p50_ms: round(pct(0.5)),
    p95_ms: round(pct(0.95)),
  };
}
