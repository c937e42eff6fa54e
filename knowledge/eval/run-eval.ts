import { LLM_FULL, type AnswerPlanner } from '../answer/answer-plan.js';
import type { EvalCase, EvalResult } from './eval-metrics.js';

/** Runs every question through the planner, as the bot does for a new question. */
export async function runEval(planner: AnswerPlanner, cases: EvalCase[]): Promise<Map<string, EvalResult>> {
  const results = new Map<string, EvalResult>();
  for (const c of cases) {
    const started = performance.now();
    // The operator's own labelled questions, with the operator's key: no company's consent involved.
    const plan = await planner.plan({ text: c.text, history: c.history, langHint: c.lang, llm: LLM_FULL });
    results.set(c.id, {
      id: c.id,
      predicted: {
        category: plan.triage.category,
        severity: plan.triage.severity,
        escalate: plan.decision === 'escalate',
        answered: plan.answered,
        decision: plan.decision,
      },
      cited: plan.citations.map((ci) => ({ slug: ci.slug, topics: ci.topics, score: Number(ci.score.toFixed(3)) })),
      ms: performance.now() - started,
      // For reading misses in `--out` (not part of the contract's metrics): what triage handed to the search.
      triage: {
        topics: (plan.triage.topicScores ?? []).slice(0, 5).map((t) => ({ id: t.id, p: Number(t.p.toFixed(3)) })),
        confident: plan.triage.confidentTopics ?? [],
        hints: plan.triage.topicHints,
        noArticleLikely: plan.triage.noArticleLikely ?? false,
        // Why it was escalated or not (state, flags, doubt, the decision layer's raise, the rules' findings).
        signals: plan.triage.signals.map((s) => s.id),
        policy: plan.triage.situation?.policy,
      },
    });
  }
  return results;
}

/** Parses a JSONL question file; names the line of any malformed entry. */
export function parseEvalFile(source: string, file: string): EvalCase[] {
  return source
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter((l) => l.line)
    .map(({ line, n }) => {
      let v: EvalCase;
      try {
        v = JSON.parse(line) as EvalCase;
      } catch {
        throw new Error(`${file}:${n}: not valid JSON`);
      }
      if (!v.id || !v.text || !v.severity || !Array.isArray(v.topics)) throw new Error(`${file}:${n}: needs id, text, severity and topics`);
      return v;
    });
}
