import { type Command, InvalidArgumentError } from 'commander';
import type { Database } from '../../db/database.js';
import { InsuranceStore, type InsuranceProfile } from '../../handlers/insurance/insurance-store.js';
import { type CliIo, OperatorError } from './cli-io.js';

function parseHours(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 24 * 365) throw new InvalidArgumentError('hours: a whole number from 1 to 8760');
  return n;
}

function show(io: CliIo, p: InsuranceProfile): void {
  io.out(`tenant ${p.tenantId}: insurer ${p.insurer}, policy ${p.policyNumber}, notify within ${p.notifyWindowHours} h of discovery`);
  if (p.coverageNotes) io.out(`coverage: ${p.coverageNotes}`);
}

/**
 * `tenant insurance set|show|clear <tenant>`: the company's cyber-insurance policy. A high or
 * critical case of the company then shows 「保険会社への連絡期限」 (discovery + the window) on its
 * card, with reminders; nothing is ever sent to the insurer by the bot.
 */
export function addInsuranceCommands(tenant: Command, io: CliIo, withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>): void {
  const insurance = tenant.command('insurance').description("a company's cyber-insurance policy (insurer, policy number, notification window, coverage notes)");
  insurance
    .command('set <tenant>')
    .description('set or replace the policy')
    .requiredOption('--insurer <name>', 'the insurance company')
    .requiredOption('--policy <number>', 'the policy number')
    .requiredOption('--window-hours <hours>', 'hours from discovery within which the insurer must be told', parseHours)
    .option('--notes <text>', 'coverage notes (what the policy pays for)', '')
    .action((id: string, o: { insurer: string; policy: string; windowHours: number; notes: string }) =>
      withDb(async (db) => {
        const known = await db.query('SELECT 1 FROM tenants WHERE id = $1', [id]);
        if (known.rows.length === 0) throw new OperatorError(`unknown tenant "${id}" (see: tenant list)`);
        show(io, await new InsuranceStore(db).set({ tenantId: id, insurer: o.insurer.trim(), policyNumber: o.policy.trim(), notifyWindowHours: o.windowHours, coverageNotes: o.notes.trim() }));
      }),
    );
  insurance
    .command('show <tenant>')
    .action((id: string) =>
      withDb(async (db) => {
        const p = await new InsuranceStore(db).get(id);
        if (!p) throw new OperatorError(`no insurance policy on file for tenant "${id}"`);
        show(io, p);
      }),
    );
  insurance
    .command('clear <tenant>')
    .action((id: string) =>
      withDb(async (db) => {
        if (!(await new InsuranceStore(db).clear(id))) throw new OperatorError(`no insurance policy on file for tenant "${id}"`);
        io.out(`tenant ${id}: insurance policy removed`);
      }),
    );
}
