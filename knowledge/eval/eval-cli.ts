import fs from 'node:fs/promises';
import { Command } from 'commander';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { migrate } from '../../db/migrate.js';
import { PgliteDatabase } from '../../db/pglite-database.js';
import { createKnowledge } from '../create-knowledge.js';
import { computeMetrics, type EvalMetrics } from './eval-metrics.js';
import { parseEvalFile, runEval } from './run-eval.js';

/**
 * `npm run --silent eval -- FILE [--out PATH]`: the bot's real pipeline on a
 * fresh embedded database with the bundled knowledge base. One JSON object on
 * stdout, a readable table on stderr (contract: ../shared/eval/README.md).
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('eval')
    .argument('<file>', 'labelled questions, one JSON object per line')
    .option('--out <path>', 'write per-question results as JSONL')
    .parse();
  const [file] = program.args as [string];
  const { out } = program.opts<{ out?: string }>();

  const config = loadConfig();
  // Logs go to stderr: stdout carries only the JSON result.
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const cases = parseEvalFile(await fs.readFile(file, 'utf8'), file);
  const db = await PgliteDatabase.open({ dataDir: 'memory://' });
  try {
    await migrate(db, { logger });
    const { planner } = await createKnowledge(db, config, logger);
    const results = await runEval(planner, cases);
    const metrics = computeMetrics(cases, results);
    if (out) await fs.writeFile(out, cases.map((c) => JSON.stringify({ ...results.get(c.id), expected: c })).join('\n') + '\n');
    printTable(metrics);
    process.stdout.write(`${JSON.stringify(metrics)}\n`);
  } finally {
    await db.close();
  }
}

function printTable(m: EvalMetrics): void {
  const rows = Object.entries(m).map(([k, v]) => `${k.padEnd(22)} ${v}`);
  process.stderr.write(`${rows.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`eval failed: ${(err as Error).message}\n`);
  process.exit(1);
});
