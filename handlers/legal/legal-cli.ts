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
import { InsuranceStore } from '../insurance/insurance-store.js';
import { buildInsurerReport } from '../insurance/insurer-report.js';
import { renderDraft, type DraftFormat } from './legal-actions.js';
import { buildDraft, DRAFT_KINDS, type DraftKind } from './legal-drafts.js';

type Kind = DraftKind | 'insurer';

/**
 * `npm run legal -- OT-000123 ppc|ipa|police|insurer [--format pdf|md] [--out FILE|-]`: a draft
 * of the PPC report, the IPA report or the police consultation summary, or the insurer report, of
 * one case from the configured database. Like `npm run report`, no role check: whoever runs this
 * on the bot's machine holds the database credentials. It only writes a file: nothing is filed.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('legal')
    .description('Write a draft report of a case for a person to check and file (PPC, IPA, police) or the insurer report')
    .argument('<case>', 'case number, e.g. OT-000123')
    .argument('<kind>', 'ppc, ipa, police or insurer')
    .option('--format <format>', 'pdf or md', parseFormat, 'pdf' as DraftFormat)
    .option('--out <file>', 'where to write it ("-" for standard output; default: <kind>-<case>.<format> here)')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const number = program.args[0]!.toUpperCase();
  const kind = program.args[1]!.toLowerCase() as Kind;
  if (kind !== 'insurer' && !DRAFT_KINDS.includes(kind)) throw new InvalidArgumentError('kind: ppc, ipa, police or insurer');
  const opts = program.opts<{ format: DraftFormat; out?: string }>();

  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const db = await openDatabase(config.database, logger);
  try {
    await migrate(db, { logger });
    const services = { cases: new CaseStore(db), directory: new DirectoryStore(db) };
    const c = await services.cases.findByNumber(number);
    if (!c) throw new CaseNotFoundError(number);
    const report =
      kind === 'insurer'
        ? await buildInsurerReport(services, c, await new InsuranceStore(db).get(c.tenantId), new Date())
        : await buildDraft(services, c, kind, new Date());
    const file = await renderDraft(report, kind === 'insurer' ? 'insurer-report' : `draft-${kind}`, opts.format);
    if (opts.out === '-') {
      process.stdout.write(file.data);
      return;
    }
    const target = path.resolve(opts.out ?? file.filename);
    await fs.writeFile(target, file.data);
    process.stderr.write(`legal: wrote ${target} (${file.data.length} bytes) — a draft: a person checks and files it\n`);
  } finally {
    await db.close();
  }
}

function parseFormat(value: string): DraftFormat {
  const format = value.toLowerCase() === 'markdown' ? 'md' : value.toLowerCase();
  if (format !== 'md' && format !== 'pdf') throw new InvalidArgumentError('use pdf or md');
  return format;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
  const e = toOtasukeError(err);
  process.stderr.write(`legal: ${e.code === 'INTERNAL' ? e.message : `${e.code}: ${e.message}`}\n`);
  process.exit(1);
});
