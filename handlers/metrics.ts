import type { LlmOutcome } from '../knowledge/answer/answer-plan.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Where the queue depth comes from; read on every scrape. */
export type DepthSource = () => Promise<number>;

/**
 * The bot's Prometheus metrics, all on one registry built by `createApp` (no
 * module-level registry, so several apps in one process do not collide).
 * Recorded at the edges: the inbound handler, the case timeline, the job runner
 * and the answer planner wrapper; the domain code only sees this optional object.
 */
export class Metrics {
  private readonly questions: Counter<'category' | 'severity' | 'channel'>;
  private readonly answerSeconds: Histogram<'channel'>;
  private readonly escalations: Counter<'severity'>;
  private readonly claimSeconds: Histogram;
  private readonly slaBreaches: Counter;
  private readonly jobFailures: Counter<'job' | 'outcome'>;
  private readonly llmCalls: Counter<'outcome'>;
  private readonly rateLimits: Counter<'scope'>;
  private readonly retainedCases: Counter<'mode'>;
  private depthSource?: DepthSource;

  constructor(readonly registry: Registry, options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
    const registers = [registry];
    this.questions = new Counter({
      name: 'otasuke_questions_total',
      help: 'New questions, by triage category and severity and by channel',
      labelNames: ['category', 'severity', 'channel'],
      registers,
    });
    this.answerSeconds = new Histogram({
      name: 'otasuke_answer_duration_seconds',
      help: 'Time to handle one inbound message (question or follow-up), reply built',
      labelNames: ['channel'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30],
      registers,
    });
    this.escalations = new Counter({
      name: 'otasuke_escalations_total',
      help: 'Escalations to responders (new and reopened), by case severity',
      labelNames: ['severity'],
      registers,
    });
    this.claimSeconds = new Histogram({
      name: 'otasuke_time_to_claim_seconds',
      help: 'Time from the start of an escalation round to a responder claiming the case',
      buckets: [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400],
      registers,
    });
    this.slaBreaches = new Counter({
      name: 'otasuke_sla_breaches_total',
      help: 'Escalation tier timers that fired with the case still unclaimed (tier_advanced)',
      registers,
    });
    // The gauge reads its value when scraped; `this` is the gauge inside collect, hence the captured getter.
    const depth = (): DepthSource | undefined => this.depthSource;
    new Gauge({
      name: 'otasuke_queue_depth',
      help: 'Jobs waiting or delayed in the queue, read at scrape time',
      registers,
      async collect() {
        const source = depth();
        if (!source) return;
        try {
          this.set(await source());
        } catch {
          // Queue down: the scrape still answers; the stale value is reset so it is not mistaken for live.
          this.reset();
        }
      },
    });
    this.jobFailures = new Counter({
      name: 'otasuke_job_failures_total',
      help: 'Failed job runs, by job name and outcome (retry: will run again; failed: given up)',
      labelNames: ['job', 'outcome'],
      registers,
    });
    this.llmCalls = new Counter({
      name: 'otasuke_llm_calls_total',
      help: 'Answer plans that asked the language model, by outcome (used; fallback: a call failed; rejected: its answer failed the output check)',
      labelNames: ['outcome'],
      registers,
    });
    this.rateLimits = new Counter({
      name: 'otasuke_rate_limited_total',
      help: 'Questions turned away by a rate limit (kept in rate_limited), by scope',
      labelNames: ['scope'],
      registers,
    });
    this.retainedCases = new Counter({
      name: 'otasuke_retention_cases_total',
      help: 'Cases anonymised or deleted by the scheduled data-retention run, by mode',
      labelNames: ['mode'],
      registers,
    });
  }

  /** Reads the queue depth from `source` on every scrape. */
  watchQueueDepth(source: DepthSource): void {
    this.depthSource = source;
  }

  question(category: string, severity: string, channel: string): void {
    this.questions.inc({ category, severity, channel });
  }

  answerDuration(channel: string, seconds: number): void {
    this.answerSeconds.observe({ channel }, seconds);
  }

  escalation(severity: string): void {
    this.escalations.inc({ severity });
  }

  timeToClaim(seconds: number): void {
    this.claimSeconds.observe(Math.max(0, seconds));
  }

  slaBreach(): void {
    this.slaBreaches.inc();
  }

  /** A job run's outcome; only failures are counted. */
  jobOutcome(job: string, outcome: 'done' | 'skipped' | 'retry' | 'failed'): void {
    if (outcome === 'retry' || outcome === 'failed') this.jobFailures.inc({ job, outcome });
  }

  /** One plan that asked the language model: `used`, `fallback` (a call failed) or `rejected` (its answer failed the output check). */
  llm(outcome: LlmOutcome): void {
    this.llmCalls.inc({ outcome });
  }

  rateLimited(scope: string): void {
    this.rateLimits.inc({ scope });
  }

  /** Cases one scheduled retention run anonymised or deleted. */
  retained(mode: 'anonymise' | 'delete', cases: number): void {
    this.retainedCases.inc({ mode }, cases);
  }
}
