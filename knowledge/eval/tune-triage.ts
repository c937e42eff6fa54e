import os from 'node:os';
import { Command } from 'commander';
import { TextAnalyzer } from '../search/analyzer.js';
import { CATEGORIES, severityRank, taxonomy, type Category } from '../taxonomy.js';
import { corpusDigest, readCorpus } from '../triage/corpus-files.js';
import { DecisionModel } from '../triage/learned/decision-model.js';
import { heldOutReadings, pinHeldOutCache, prepareHeldOutReadings, type HeldOutReading } from '../triage/learned/held-out-readings.js';
import { combine, DEFAULT_THRESHOLDS, triageCues, type TriageThresholds } from '../triage/triager.js';
import type { TriageResult } from '../triage/types.js';

/**
 * `npx tsx knowledge/eval/tune-triage.ts [--grid JSON] [--base JSON] [--corpus DIR] [--diag fp|fn|sum]`: triage-only leave-one-writer-out figures for a grid of
 * thresholds (no retrieval, so a sweep takes seconds). The thresholds in triager.ts are picked
 * from this table, never from the dev set.
 */
type Held = HeldOutReading;

function score(held: Held[], pick: (h: Held) => TriageResult) {
  let esc = 0, escHit = 0, escPred = 0, escPredHit = 0, crit = 0, critHit = 0, under = 0, cat = 0, sev = 0, unans = 0, abst = 0;
  for (const h of held) {
    const t = pick(h);
    if (h.line.escalate) { esc++; if (t.escalate) escHit++; }
    if (t.escalate) { escPred++; if (h.line.escalate) escPredHit++; }
    if (h.line.severity === 'critical') { crit++; if (t.severity === 'critical') critHit++; }
    if (severityRank(t.severity) < severityRank(h.line.severity)) under++;
    if (t.category === h.line.category) cat++;
    if (t.severity === h.line.severity) sev++;
    if (h.line.answerable === false) { unans++; if (!t.securityRelevant) abst++; }
  }
  const r = (a: number, b: number) => (b ? (a / b).toFixed(3) : '-');
  return `esc_rec=${r(escHit, esc)} esc_prec=${r(escPredHit, escPred)} crit=${r(critHit, crit)} under=${r(under, held.length)} cat=${r(cat, held.length)} sev=${r(sev, held.length)} abstain~${r(abst, unans)}`;
}

const opts = new Command()
  .option('--grid <json>', 'list of [name, thresholds] pairs to compare')
  .option('--base <json>', 'thresholds every grid row starts from', '{}')
  .option('--corpus <dir>', 'corpus folder')
  .option('--diag <what>', 'fp | fn: list false escalations / misses; sum: counts by cause')
  .option('--epochs <n>', 'training epochs', '6')
  .option('--l2 <x>', 'L2 penalty', '1e-5')
  .option('--lr <x>', 'learning rate', '0.5')
  .option('--min-count <n>', 'feature minimum count', '2')
  .option('--no-possible', 'ignore the possible-event cue (possibility.ts)')
  .option('--no-cache', 'retrain every fold even when the held-out readings are cached')
  .option('--no-decision', 'the thresholds alone, without the decision layer')
  .option('--jobs <n>', 'processes for the held-out readings', String(os.availableParallelism()))
  .parse()
  .opts<{ grid?: string; base: string; corpus?: string; diag?: string; epochs: string; l2: string; lr: string; minCount: string; possible?: boolean; cache?: boolean; decision: boolean; jobs: string }>();
const corpus = readCorpus(opts.corpus);
const analyzer = new TextAnalyzer();
const training = { epochs: Number(opts.epochs), l2: Number(opts.l2), learningRate: Number(opts.lr), minCount: Number(opts.minCount) };
// The held-out readings are cached (held-out-readings.ts), so a threshold grid or a diagnosis after
// the first run takes seconds, not minutes.
const readingOptions = pinHeldOutCache({
  training,
  corpusDigest: corpusDigest(opts.corpus),
  cacheDir: opts.cache === false ? (false as const) : undefined,
  onWriter: (writer: string, done: number, of: number) => process.stderr.write(`${writer} (${done}/${of})\n`),
});
prepareHeldOutReadings(corpus, { ...readingOptions, jobs: Number(opts.jobs) })
  .then(() => report(heldOutReadings(analyzer, corpus, readingOptions)))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });

function report(held: Held[]): void {
  // The decision layer of each fold learns only from the other writers' readings.
  const decisionFor = new Map<string, DecisionModel>();
  if (opts.decision) {
    for (const writer of new Set(held.map((h) => h.line.writer))) decisionFor.set(writer, DecisionModel.train(held.filter((h) => h.line.writer !== writer)));
  }
  const decide = (h: Held): DecisionModel | undefined => decisionFor.get(h.line.writer);
  process.stdout.write(`n=${held.length}\n`);
  process.stdout.write(`rules only          ${score(held, (h) => h.rules)}\n`);
  const noPossible = opts.possible === false;
  const base: Partial<TriageThresholds> = JSON.parse(opts.base) as Partial<TriageThresholds>;
  const grid: Array<[string, Partial<TriageThresholds>]> = (JSON.parse(opts.grid ?? 'null') as Array<[string, Partial<TriageThresholds>]> | null) ?? [
    ['default', {}],
    ['no severity head', { severityHead: 1.1, highAt: 1.1, criticalAt: 1.1 }],
    ['no rules raise', { rulesMinHappened: 1.1, rulesCriticalMinHappened: 1.1 }],
    ['no doubt band', { doubt: 1 }],
  ];
  for (const [name, t] of grid) {
    const th = { ...DEFAULT_THRESHOLDS, ...base, ...t };
    process.stdout.write(`${name.padEnd(20)}${score(held, (h) => combine(h.rules, h.reading, th, triageCues(h.line.text, { possibleEvent: h.possible && !noPossible }), decide(h)))}\n`);
  }
  if (opts.decision) process.stdout.write(`${'thresholds alone'.padEnd(20)}${score(held, (h) => combine(h.rules, h.reading, { ...DEFAULT_THRESHOLDS, ...base }, triageCues(h.line.text, { possibleEvent: h.possible && !noPossible })))}\n`);
  // Without the rules' raise: what the learned layer reads alone.
  const noRules = (h: Held): TriageResult => ({ ...h.rules, severity: 'low', humanRequested: false, signals: [], topicHints: [], securityRelevant: true });
  process.stdout.write(`learned only        ${score(held, (h) => combine(noRules(h), h.reading, DEFAULT_THRESHOLDS, triageCues(h.line.text, { possibleEvent: h.possible })))}\n`);

  if (opts.diag === 'cat') {
    // Category: where the reading goes wrong, and whether the topic recogniser's view helps.
    const th = { ...DEFAULT_THRESHOLDS };
    const confusion = new Map<string, number>();
    const topicCategory = new Map(taxonomy.topics.map((t) => [t.id, t.category as Category]));
    const mixes = [0, 0.25, 0.5, 1, 2];
    const mixHits = mixes.map(() => 0);
    for (const h of held) {
      const t = combine(h.rules, h.reading, th, triageCues(h.line.text, { possibleEvent: h.possible && !noPossible }), decide(h));
      if (t.category !== h.line.category) {
        const key = `${h.line.category} → ${t.category}`;
        confusion.set(key, (confusion.get(key) ?? 0) + 1);
      }
      mixes.forEach((w, i) => {
        const score = new Map(CATEGORIES.map((c) => [c, h.reading.category.p[c]]));
        for (const topic of h.reading.topics) {
          const c = topicCategory.get(topic.id);
          if (c) score.set(c, score.get(c)! + w * topic.p);
        }
        const best = [...score].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
        if (best === h.line.category) mixHits[i]!++;
      });
    }
    process.stdout.write(`category confusions: ${JSON.stringify([...confusion].sort((a, b) => b[1] - a[1]).slice(0, 25))}\n`);
    mixes.forEach((w, i) => process.stdout.write(`category head + ${w} × topic head: ${(mixHits[i]! / held.length).toFixed(3)}\n`));
  } else if (opts.diag) {
    const th = { ...DEFAULT_THRESHOLDS };
    const causes = new Map<string, number>();
    const missCauses = new Map<string, number>();
    for (const h of held) {
      const t = combine(h.rules, h.reading, th, triageCues(h.line.text, { possibleEvent: h.possible && !noPossible }), decide(h));
      const learnedOnly = combine(noRules(h), h.reading, th);
      const rulesHigh = severityRank(h.rules.severity) >= 3;
      if (t.escalate && !h.line.escalate) {
        const cause = t.humanRequested && !h.line.human_requested ? 'human' : t.situation?.unsure ? 'unsure' : !learnedOnly.escalate && rulesHigh ? 'rules' : `policy:${t.situation?.policy}/head`;
        causes.set(cause, (causes.get(cause) ?? 0) + 1);
        if (opts.diag === 'fp') process.stdout.write(`FP ${cause} [${h.line.severity}/${h.line.state}] ${h.line.text.replace(/\n/g, ' ').slice(0, 140)}\n`);
      }
      if (!t.escalate && h.line.escalate) {
        const key = `${h.line.severity}/${h.line.state}/${h.line.human_requested ? 'human' : ''}`;
        missCauses.set(key, (missCauses.get(key) ?? 0) + 1);
        if (opts.diag === 'fn') process.stdout.write(`FN [${h.line.severity}/${h.line.state}/${h.line.category}] pred=${t.severity}/${t.situation?.state} ${h.line.text.replace(/\n/g, ' ').slice(0, 140)}\n`);
      }
    }
    process.stdout.write(`false escalations by cause: ${JSON.stringify(Object.fromEntries(causes))}\n`);
    process.stdout.write(`missed escalations by label: ${JSON.stringify(Object.fromEntries(missCauses))}\n`);
  }
}
