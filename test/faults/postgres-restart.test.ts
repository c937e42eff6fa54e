import { describeFaultUnderLoad } from '../helpers/fault-scenario.js';
import { restartPostgres } from '../helpers/services.js';

/*
 * The real PostgreSQL server is restarted (fast shutdown: every open
 * connection cut, new ones refused for a few seconds) while signed questions
 * keep arriving at the Slack receiver. Questions already acknowledged wait
 * the outage out; events that cannot even be authorized get 503 and Slack's
 * redelivery. The shared checks (test/helpers/fault-scenario.ts) count that
 * nothing was lost or done twice.
 */
describeFaultUnderLoad('PostgreSQL restarted mid-load', {
  channel: 'C0FAULTPG',
  inject: async () => {
    const { downMs } = await restartPostgres();
    expect(downMs).toBeGreaterThan(0);
  },
  alsoCheck: (outcome) => {
    it('hit questions in flight: they waited the outage out, or Slack redelivered them', () => {
      const { s, sent } = outcome();
      const waited = s.logs().filter((l) => String(l.msg).includes('question waits and retries') || String(l.msg).includes('database unreachable')).length;
      const redelivered = sent.filter((q) => q.attempts.length > 1).length;
      expect(waited + redelivered).toBeGreaterThan(0);
    });
  },
});
