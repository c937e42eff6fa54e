import { Command } from 'commander';

/**
 * `otasuke <command> …` (`npx otasuke`, `npm run otasuke --`): the one front door to every program
 * of the bot. Each subcommand is the program the npm script of the same name runs (those scripts
 * stay as aliases); its own `--help` lists its options. The programs load only when chosen, so
 * `otasuke --help` starts no database and reads no configuration.
 */
export interface Subcommand {
  name: string;
  /** What it is for, as the top-level help shows it. */
  summary: string;
  /** The program's module; it runs on import and reads process.argv after the subcommand. */
  load: () => Promise<unknown>;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'start', summary: 'run the bot (the channels configured, else the playground; --console for the terminal)', load: () => import('../main.js') },
  { name: 'ops', summary: 'operators: tenants, people, responder groups, on call, alert sources, insurance, consent, held questions, doctor', load: () => import('./operator-cli.js') },
  { name: 'doctor', summary: 'check configuration, database, Redis, Slack, Teams and OpenAI (same as ops doctor)', load: () => import('./operator-cli.js') },
  { name: 'kb', summary: 'knowledge base: list, show, import, export, lint, publish, history, due reviews', load: () => import('../../knowledge/cli/kb-cli.js') },
  { name: 'eval', summary: 'quality figures: a labelled question file, or --cv (leave one writer out)', load: () => import('../../knowledge/eval/eval-cli.js') },
  { name: 'train', summary: 'train the triage recognisers from the corpus (--check: is the model current?)', load: () => import('../../knowledge/cli/train-cli.js') },
  { name: 'report', summary: 'export a case as an incident report (Markdown or PDF)', load: () => import('../../handlers/report/report-cli.js') },
  { name: 'legal', summary: 'drafts for the PPC, IPA and police, and the insurer report, of a case (files nothing)', load: () => import('../../handlers/legal/legal-cli.js') },
  { name: 'migrate', summary: 'apply pending database migrations (up) or show them (status)', load: () => import('../../db/migrate-cli.js') },
  { name: 'teams', summary: 'Microsoft Teams: tenant mapping, app package', load: () => import('../teams/teams-cli.js') },
];

/** The top-level help: every subcommand with its summary. */
export function otasukeProgram(): Command {
  const program = new Command('otasuke')
    .description('Otasuke Bot, the security consultation desk. `otasuke <command> --help` shows a command’s options.')
    .usage('<command> [options]')
    .helpOption('-h, --help', 'show this list');
  for (const s of SUBCOMMANDS) program.command(s.name).description(s.summary).allowUnknownOption().helpOption(false);
  return program;
}

/** Runs `otasuke <args…>`: the chosen program with the rest of the arguments, or the help. */
export async function runOtasuke(args: readonly string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number | undefined> {
  const [name, ...rest] = args;
  const chosen = SUBCOMMANDS.find((s) => s.name === name);
  if (!chosen) {
    out(otasukeProgram().helpInformation());
    return name === undefined || name === '--help' || name === '-h' || name === 'help' ? 0 : 1;
  }
  // The programs read their arguments from process.argv, as when npm runs them.
  process.argv = [process.argv[0]!, chosen.name, ...(chosen.name === 'doctor' ? ['doctor', ...rest] : rest)];
  await chosen.load();
  return undefined;
}

if (require.main === module) {
  runOtasuke(process.argv.slice(2)).then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`otasuke: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
