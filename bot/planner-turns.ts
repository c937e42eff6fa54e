import type { AnswerPlanner } from '../knowledge/answer/answer-plan.js';

/**
 * Offline planning (triage and search) is a few milliseconds of synchronous work per question.
 * In a burst, dozens of questions become ready at once and their planning ran back to back, so a
 * platform's request arriving meanwhile waited behind all of it for its acknowledgement (issue
 * #16: Slack wants it within 3 s). Here at most two questions plan at once, each starting in a turn
 * of the event loop of its own (setImmediate), so new requests are read and acknowledged between two plans.
 * Throughput is unchanged: the work is the same, only its order differs.
 */
export class PlanTurns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** `slots`: how many plans may be under way at once (their database reads overlap). */
  constructor(private readonly slots = 2) {}

  /** Resolves, in a later turn of the event loop, once it is this caller's turn. */
  take(): Promise<void> {
    return new Promise((go) => {
      if (this.running >= this.slots) this.waiting.push(go);
      else {
        this.running++;
        setImmediate(go);
      }
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) setImmediate(next);
    else this.running--;
  }
}

/**
 * The planner, taking turns. Only for a planner without a language model: a model's answer takes
 * seconds of waiting on the network, and holding the turn through it would queue every question.
 */
export function takingTurns(planner: AnswerPlanner, turns = new PlanTurns()): AnswerPlanner {
  if (planner.usesModel) return planner;
  return {
    usesModel: false,
    async plan(input) {
      await turns.take();
      try {
        return await planner.plan(input);
      } finally {
        turns.release();
      }
    },
  };
}
