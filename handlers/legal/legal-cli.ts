import { Command, InvalidArgumentError } from 'commander';
import { exitOnCliError, parseCaseFileFormat, writeCaseFile } from '../report/case-file-cli.js';
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
    .option('--format <format>', 'pdf or md', parseCaseFileFormat, 'pdf' as DraftFormat)
    .option('--out <file>', 'where to write it ("-" for standard output; default: <kind>-<case>.<format> here)')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const kind = program.args[1]!.toLowerCase() as Kind;
  if (kind !== 'insurer' && !DRAFT_KINDS.includes(kind)) throw new InvalidArgumentError('kind: ppc, ipa, police or insurer');
  const opts = program.opts<{ format: DraftFormat; out?: string }>();
  await writeCaseFile(
    'legal',
    program.args[0]!.toUpperCase(),
    opts.out,
    async (services, c, db) => {
      const report =
        kind === 'insurer'
          ? await buildInsurerReport(services, c, await new InsuranceStore(db).get(c.tenantId), new Date())
          : await buildDraft(services, c, kind, new Date());
      return renderDraft(report, kind === 'insurer' ? 'insurer-report' : `draft-${kind}`, opts.format);
    },
    ' — a draft: a person checks and files it',
  );
}

main(process.argv.slice(2)).catch(exitOnCliError('legal'));
