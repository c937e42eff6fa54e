import type { AnswerPlan, AnswerPlanner } from '../../knowledge/answer/answer-plan.js';
import { takingTurns } from '../../bot/planner-turns.js';

/** A planner whose work is synchronous, as offline triage and search are; it logs when it runs. */
function busyPlanner(log: string[]): AnswerPlanner {
  return {
    async plan(input) {
      const until = Date.now() + 5;
      while (Date.now() < until) {
        // the CPU work of one plan
      }
      log.push(`plan ${input.text}`);
      return {} as AnswerPlan;
    },
  };
}

describe('planning takes turns with the event loop', () => {
  it('lets other work (a platform’s request to acknowledge) run between plans, not after all of them', async () => {
    const log: string[] = [];
    const planner = takingTurns(busyPlanner(log));
    const plans = ['1', '2', '3', '4', '5', '6'].map((text) => planner.plan({ text }));
    setImmediate(() => log.push('ack'));
    await Promise.all(plans);
    // At most two plans start before the acknowledgement gets its turn.
    expect(log.indexOf('ack')).toBeLessThanOrEqual(2);
    expect(log.filter((l) => l.startsWith('plan'))).toHaveLength(6);
  });

  it('without turns the same burst holds the acknowledgement until every plan is done', async () => {
    const log: string[] = [];
    const planner = busyPlanner(log);
    const plans = ['1', '2', '3', '4', '5', '6'].map((text) => planner.plan({ text }));
    const acked = new Promise<void>((r) => setImmediate(() => r(void log.push('ack'))));
    await Promise.all([...plans, acked]);
    expect(log.indexOf('ack')).toBe(6);
  });

  it('leaves a planner with a language model as it is (its waits are on the network)', () => {
    const withModel: AnswerPlanner = { usesModel: true, plan: async () => ({}) as AnswerPlan };
    expect(takingTurns(withModel)).toBe(withModel);
  });
});
