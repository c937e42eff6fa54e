import type { AnswerPlanner } from '../../knowledge/answer/answer-plan.js';
import type { Metrics } from '../../handlers/metrics.js';

/** The answer planner with its language-model outcome (`plan.trace.llm`) counted. */
export function observedPlanner(planner: AnswerPlanner, metrics: Metrics): AnswerPlanner {
  return {
    usesModel: planner.usesModel === true,
    async plan(input) {
      const plan = await planner.plan(input);
      if (plan.trace.llm) metrics.llm(plan.trace.llm);
      return plan;
    },
  };
}
