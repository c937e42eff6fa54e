import os from 'node:os';
import fs from 'node:fs/promises';
import { Command } from 'commander';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { migrate } from '../../db/migrate.js';
import { PgliteDatabase } from '../../db/pglite-database.js';
import { OfflineAnswerPlanner, type OfflinePlannerOptions } from '../answer/offline-planner.js';
import { createKnowledge } from '../create-knowledge.js';
import { TextAnalyzer } from '../search/analyzer.js';
import { corpusDigest, readCorpus } from '../triage/corpus-files.js';
import { createTriager } from '../triage/create-triager.js';
import type { TriageThresholds } from '../triage/triager.js';
import { crossValidate } from './cross-validate.js';
import { computeMetrics, type EvalCase, type EvalMetrics, type EvalResult } from './eval-metrics.js';
import { parseEvalFile, runEval } from './run-eval.js';

/**
 * `npm run --silent eval -- FILE [--out PATH]`: the bot's real pipeline on a
 * fresh embedded database with the bundled knowledge base. One JSON object on
 * stdout, a readable table on stderr (contract: ../shared/eval/README.md).
 *
 * `npm run --silent eval -- --cv [--corpus DIR] [--out PATH]`: leave-one-writer-out
 * cross-validation over the triage corpus, offline; per-writer figures on stderr,
 * the overall figures as the last line of stdout.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('eval')
    .argument('[files...]', 'labelled questions, one JSON object per line (several files are read as one set)')
    .option('--out <path>', 'write per-question results as JSONL')
    .option('--cv', 'leave-one-writer-out cross-validation over the triage corpus')
    .option('--corpus <dir>', 'corpus folder for --cv (default: knowledge/triage/corpus)')
    .option('--no-decision', 'for --cv: the thresholds alone, without the decision layer')
    .option('--thresholds <json>', 'triage thresholds to try in place of the defaults (triager.ts), e.g. \'{"topic":0.3}\'')
    .option('--planner <json>', 'answer planner options to try in place of the defaults (offline-planner.ts), e.g. \'{"sureTopic":0.45}\'')
    .parse();
  const files = program.args;
  const { out, cv, corpus, decision, thresholds, planner: plannerJson } = program.opts<{ out?: string; cv?: boolean; corpus?: string; decision: boolean; thresholds?: string; planner?: string }>();
  if (!cv && files.length === 0) program.error('give a question file, or --cv');

  const config = loadConfig();
  const plannerOptions: OfflinePlannerOptions = { minScore: config.answer.minScore, ...(plannerJson ? (JSON.parse(plannerJson) as Partial<OfflinePlannerOptions>) : {}) };
  // Logs go to stderr: stdout carries only the JSON result.
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  // The input is read and checked first: a malformed line is refused in a second, not after the database and the knowledge base are built.
  const lines = cv ? readCorpus(corpus) : undefined;
  const cases = cv ? undefined : (await Promise.all(files.map(async (file) => parseEvalFile(await fs.readFile(file, 'utf8'), file)))).flat();
  const db = await PgliteDatabase.open({ dataDir: 'memory://' });
  try {
    await migrate(db, { logger });
    if (cv) {
      // The folds train their own triagers: the knowledge side is built around the bundled one only once.
      const knowledge = await createKnowledge(db, { ...config, openai: undefined }, logger);
      const analyzer = new TextAnalyzer();
      const run = await crossValidate(lines!, {
        analyzer,
        decision,
        thresholds: thresholds ? (JSON.parse(thresholds) as Partial<TriageThresholds>) : undefined,
        corpusDigest: corpusDigest(corpus),
        jobs: os.availableParallelism(),
        onReadings: (writer, done, of) => process.stderr.write(`held-out readings: ${writer} (${done}/${of})\n`),
        plannerFor: (triager) => new OfflineAnswerPlanner(knowledge.search, knowledge.articles, plannerOptions, triager),
        onFold: (fold) => process.stderr.write(`${fold.writer.padEnd(16)} ${summary(fold.metrics)}\n`),
      });
      await finish(run.cases, run.results, run.overall, out);
      return;
    }
    const triager = thresholds ? createTriager(new TextAnalyzer(), { logger, thresholds: JSON.parse(thresholds) as Partial<TriageThresholds> }) : undefined;
    const knowledge = await createKnowledge(db, config, logger, triager ? { triager } : {});
    const planner = plannerJson ? new OfflineAnswerPlanner(knowledge.search, knowledge.articles, plannerOptions, knowledge.triager) : knowledge.planner;
    const results = await runEval(planner, cases!);
    await finish(cases!, results, computeMetrics(cases!, results), out);
  } finally {
    await db.close();
  }
}

async function finish(cases: EvalCase[], results: Map<string, EvalResult>, metrics: EvalMetrics, out: string | undefined): Promise<void> {
  if (out) await fs.writeFile(out, cases.map((c) => JSON.stringify({ ...results.get(c.id), expected: c })).join('\n') + '\n');
  const rows = Object.entries(metrics).map(([k, v]) => `${k.padEnd(22)} ${v}`);
  process.stderr.write(`${rows.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify(metrics)}\n`);
}

function summary(m: EvalMetrics): string {
  return `n=${m.n} esc_recall=${m.escalation_recall} crit_recall=${m.critical_recall} under=${m.under_triage_rate} cat=${m.category_accuracy} esc_prec=${m.escalation_precision} abstain=${m.abstain_accuracy} hit@1=${m.hit_at_1} hit@3=${m.hit_at_3}`;
}

main().catch((err: unknown) => {
  process.stderr.write(`eval failed: ${(err as Error).message}\n`);
  process.exit(1);
});
