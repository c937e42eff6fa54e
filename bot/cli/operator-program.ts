import { Command, CommanderError } from 'commander';
import type { Database } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { runRetention } from '../../handlers/retention/retention.js';
import { loadConfig } from '../../core/config.js';
import { toOtasukeError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { addOnCallCommands } from './oncall-commands.js';
import { type CliIo, OperatorError, processIo } from './cli-io.js';
import { addDirectoryCommands } from './directory-commands.js';
import { addLimitedCommands } from './limited-commands.js';
import { addAlertSourceCommands } from './alert-source-commands.js';
import { addCorrectionsCommands } from './corrections-commands.js';
import { addLlmConsentCommands } from './llm-consent-commands.js';
import { addInsuranceCommands } from './insurance-commands.js';
import { addDispatchCommands } from './dispatch-commands.js';
import { llmProviderName } from '../../handlers/directory/llm-disclosure.js';
import { runDoctor } from './doctor.js';

/** Where the operator CLI reads its configuration and writes its output. */
export interface OperatorCliOptions {
  /** Environment to configure from; default: the process's (read by bot/config.ts). */
  env?: NodeJS.ProcessEnv;
  io?: CliIo;
}

/**
 * `npm run ops -- <command>`: operator commands against the configured database
 * (directory, doctor, retention, held questions). Returns the exit code: 0 done, 1 failed (a clear message
 * on standard error), 2 wrong usage.
 */
export async function runOperatorCli(argv: string[], options: OperatorCliOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  let failed = false;
  const withDb = async <T>(work: (db: Database) => Promise<T>): Promise<T> => {
    const config = loadConfig(options.env);
    const logger = createLogger({ level: 'warn', destination: process.stderr });
    const db = await openDatabase(config.database, logger);
    try {
      await migrate(db, { logger });
      return await work(db);
    } finally {
      await db.close();
    }
  };

  const program = new Command()
    .name('ops')
    .description('Otasuke Bot operator commands')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  addDirectoryCommands(program, io, withDb);
  const tenant = program.commands.find((c) => c.name() === 'tenant');
  if (tenant) addLlmConsentCommands(tenant, io, withDb, () => llmProviderName(loadConfig(options.env).openai));
  if (tenant) addInsuranceCommands(tenant, io, withDb);
  addLimitedCommands(program, io, withDb);
  addCorrectionsCommands(program, io, withDb);
  addAlertSourceCommands(program, io, withDb, () => loadConfig(options.env).alerts.secretKey);
  addOnCallCommands(program, io, withDb);
  addDispatchCommands(program, tenant, io, withDb);

  program
    .command('doctor')
    .description('check configuration, database, Redis, Slack, Teams, OpenAI and routing; exit 1 if anything is wrong')
    .action(async () => {
      failed = !(await runDoctor(options.env, io));
    });

  program
    .command('retention')
    .description('anonymise or delete cases closed or resolved more than RETENTION_DAYS days ago (RETENTION_MODE, RETENTION_KEEP_REPORTS)')
    .option('--dry-run', 'only list what would be done')
    .action(async (o: { dryRun?: boolean }) => {
      const { retention } = loadConfig(options.env);
      if (retention.days === undefined) throw new OperatorError('RETENTION_DAYS is not set: cases are kept forever, nothing to do');
      const days = retention.days;
      await withDb(async (db) => {
        const r = await runRetention(db, { days, mode: retention.mode, keepReports: retention.keepReports, dryRun: o.dryRun });
        const verb = r.mode === 'delete' ? 'delete' : 'anonymise';
        const cases = `${r.caseNumbers.length} case${r.caseNumbers.length === 1 ? '' : 's'}`;
        const list = r.caseNumbers.length ? `: ${r.caseNumbers.join(', ')}` : '';
        if (r.dryRun) io.out(`dry run: would ${verb} ${cases} closed or resolved before ${r.cutoff.toISOString()} (${r.events} timeline events)${list}`);
        else io.out(`${verb === 'delete' ? 'deleted' : 'anonymised'} ${cases} (${r.events} timeline events, ${r.reportsKept} reports kept)${list}${r.runId ? `; recorded as retention run ${r.runId}` : ''}`);
      });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return failed ? 1 : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message (or the help).
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    const e = toOtasukeError(err);
    io.err(`ops: ${e.code === 'INTERNAL' || e.code === 'OPERATOR_INPUT' ? e.message : `${e.code}: ${e.message}`}`);
    return 1;
  }
}
