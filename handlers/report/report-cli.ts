import fs from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../core/config.js';
import { toOtasukeError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { CaseStore } from '../cases/case-store.js';
import { DirectoryStore } from '../directory/directory-store.js';
import { CaseNotFoundError } from '../errors.js';
import { buildCaseReport } from './case-report.js';
import { REPORT_FORMATS, renderCaseReport, type ReportFormat } from './export-report.js';

/**
 * `npm run report -- OT-000123 [--format pdf|md] [--out FILE|-]`: the incident
 * report of one case from the configured database (DATABASE_URL, or the
 * embedded one in DATA_DIR).
 *
 * No role check here, on purpose: whoever runs this on the bot's machine
 * already holds the database credentials and could read every row directly,
 * so the operator is trusted. People in chat go through exportCaseReport,
 * which checks admin/responder access and audits refusals.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('report')
    .description('Export the incident report of a case (Markdown or PDF)')
    .argument('<case>', 'case number, e.g. OT-000123')
    .option('--format <format>', 'pdf or md', parseFormat, 'pdf' as ReportFormat)
    .option('--out <file>', 'where to write it ("-" for standard output; default: incident-report-<case>.<format> here)')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const number = program.args[0]!.toUpperCase();
  const opts = program.opts<{ format: ReportFormat; out?: string }>();

  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const db = await openDatabase(config.database, logger);
  try {
    await migrate(db, { logger });
    const services = { cases: new CaseStore(db), directory: new DirectoryStore(db) };
    const c = await services.cases.findByNumber(number);
    if (!c) throw new CaseNotFoundError(number);
    const file = await renderCaseReport(await buildCaseReport(services, c), opts.format);
    if (opts.out === '-') {
      process.stdout.write(file.data);
      return;
    }
    const target = path.resolve(opts.out ?? file.filename);
    await fs.writeFile(target, file.data);
    process.stderr.write(`report: wrote ${target} (${file.data.length} bytes)\n`);
  } finally {
    await db.close();
  }
}

function parseFormat(value: string): ReportFormat {
  const format = value.toLowerCase() === 'markdown' ? 'md' : value.toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new InvalidArgumentError('use pdf or md');
  return format as ReportFormat;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  // commander's own help/version exits are not failures.
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
  const e = toOtasukeError(err);
  process.stderr.write(`report: ${e.code === 'INTERNAL' ? e.message : `${e.code}: ${e.message}`}\n`);
  process.exit(1);
});
