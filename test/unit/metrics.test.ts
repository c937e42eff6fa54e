import { Registry } from 'prom-client';
import { Metrics } from '../../handlers/metrics.js';
import { observedPlanner } from '../../bot/metrics/observed-planner.js';
import type { AnswerPlan, AnswerPlanner, LlmOutcome } from '../../knowledge/answer/answer-plan.js';

function fresh(): Metrics {
  return new Metrics(new Registry(), { defaultMetrics: false });
}

async function value(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want));
  return match?.value;
}

describe('the metrics of one app', () => {
  it('keeps its own registry, so two apps in one process do not share counts', async () => {
    const a = fresh();
    const b = fresh();
    a.escalation('critical');
    expect(await value(a, 'otasuke_escalations_total', { severity: 'critical' })).toBe(1);
    expect(await value(b, 'otasuke_escalations_total', { severity: 'critical' })).toBeUndefined();
  });

  it('adds the default process metrics to its registry unless told not to', async () => {
    const withDefaults = new Metrics(new Registry());
    expect(await withDefaults.registry.metrics()).toContain('process_cpu_user_seconds_total');
    expect(await fresh().registry.metrics()).not.toContain('process_cpu_user_seconds_total');
  });

  it('counts questions by category, severity and channel', async () => {
    const m = fresh();
    m.question('ransomware', 'critical', 'slack');
    m.question('ransomware', 'critical', 'slack');
    m.question('phishing', 'low', 'teams');
    expect(await value(m, 'otasuke_questions_total', { category: 'ransomware', severity: 'critical', channel: 'slack' })).toBe(2);
    expect(await value(m, 'otasuke_questions_total', { category: 'phishing', severity: 'low', channel: 'teams' })).toBe(1);
  });

  it('counts only failed job runs, by job and outcome', async () => {
    const m = fresh();
    m.jobOutcome('escalation.notify', 'done');
    m.jobOutcome('escalation.notify', 'skipped');
    m.jobOutcome('escalation.notify', 'retry');
    m.jobOutcome('escalation.timer', 'failed');
    const text = await m.registry.metrics();
    expect(text).toContain('otasuke_job_failures_total{job="escalation.notify",outcome="retry"} 1');
    expect(text).toContain('otasuke_job_failures_total{job="escalation.timer",outcome="failed"} 1');
    expect(text).not.toContain('outcome="done"');
  });

  it('reads the queue depth when scraped', async () => {
    const m = fresh();
    let depth = 3;
    m.watchQueueDepth(async () => depth);
    expect(await m.registry.metrics()).toContain('otasuke_queue_depth 3');
    depth = 7;
    expect(await m.registry.metrics()).toContain('otasuke_queue_depth 7');
  });

  it('still answers a scrape when the queue cannot say its depth', async () => {
    const m = fresh();
    m.watchQueueDepth(async () => {
      throw new Error('redis down');
    });
    await expect(m.registry.metrics()).resolves.toContain('otasuke_questions_total');
  });

  it('records time to claim and SLA breaches', async () => {
    const m = fresh();
    m.timeToClaim(90);
    m.slaBreach();
    const text = await m.registry.metrics();
    expect(text).toContain('otasuke_time_to_claim_seconds_count 1');
    expect(text).toContain('otasuke_time_to_claim_seconds_bucket{le="120"} 1');
    expect(text).toContain('otasuke_sla_breaches_total 1');
  });
});

describe('the observed answer planner', () => {
  const plan = (llm?: LlmOutcome) => ({ trace: { retrievalMs: 1, topScore: 0, threshold: 0.35, ...(llm ? { llm } : {}) } }) as unknown as AnswerPlan;

  it('counts language-model answers, fallbacks and rejected answers, and nothing for offline plans', async () => {
    const m = fresh();
    const outcomes: Array<LlmOutcome | undefined> = ['used', 'fallback', 'fallback', 'rejected', undefined];
    const inner: AnswerPlanner = { plan: async () => plan(outcomes.shift()) };
    const planner = observedPlanner(inner, m);
    for (let i = 0; i < 5; i++) await planner.plan({ text: 'q' });
    expect(await value(m, 'otasuke_llm_calls_total', { outcome: 'used' })).toBe(1);
    expect(await value(m, 'otasuke_llm_calls_total', { outcome: 'fallback' })).toBe(2);
    expect(await value(m, 'otasuke_llm_calls_total', { outcome: 'rejected' })).toBe(1);
  });
});
