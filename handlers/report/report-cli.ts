import { Command } from 'commander';
import { buildCaseReport } from './case-report.js';
import { exitOnCliError, parseCaseFileFormat, writeCaseFile } from './case-file-cli.js';
import { renderCaseReport, type ReportFormat } from './export-report.js';

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
    .option('--format <format>', 'pdf or md', parseCaseFileFormat, 'pdf' as ReportFormat)
    .option('--out <file>', 'where to write it ("-" for standard output; default: incident-report-<case>.<format> here)')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ format: ReportFormat; out?: string }>();
  await writeCaseFile('report', program.args[0]!.toUpperCase(), opts.out, async (services, c) => renderCaseReport(await buildCaseReport(services, c), opts.format));
}

main(process.argv.slice(2)).catch(exitOnCliError('report'));
