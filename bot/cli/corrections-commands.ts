import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { Database } from '../../db/database.js';
import { exportCorrections } from '../../handlers/cases/export-corrections.js';
import { NameFinder } from '../../knowledge/llm/name-finder.js';
import { type CliIo, OperatorError } from './cli-io.js';
import { parseSince } from './limited-commands.js';

function parseOnOff(value: string): boolean {
  if (value === 'on' || value === 'off') return value === 'on';
  throw new InvalidArgumentError('use on or off');
}

/**
 * `tenant share-corrections <id> on|off` and `corrections export`: responders' triage corrections
 * of the companies that agreed, as redacted corpus lines for the next `npm run train`.
 */
export function addCorrectionsCommands(program: Command, io: CliIo, withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>): void {
  const tenant = program.commands.find((c) => c.name() === 'tenant') ?? program.command('tenant');
  tenant
    .command('share-corrections <id> <on|off>')
    .description("let (or stop) this company's triage corrections be exported, redacted, as training data")
    .action((id: string, value: string) =>
      withDb(async (db) => {
        const on = parseOnOff(value);
        const r = await db.query('UPDATE tenants SET share_corrections = $2 WHERE id = $1', [id, on]);
        if (r.rowCount === 0) throw new OperatorError(`no tenant ${id} (see: tenant list)`);
        io.out(`tenant ${id}: corrections ${on ? 'shared' : 'not shared'}`);
      }),
    );

  program
    .command('corrections')
    .description('triage corrections made by responders')
    .command('export')
    .description('write the corrections of companies that agreed as corpus lines (JSONL); review, then add to knowledge/triage/corpus/ and run npm run train')
    .option('--since <when>', 'only corrections since a date, time or age (7d)', (v) => parseSince(v))
    .option('--out <file>', 'write to a file instead of standard output')
    .action((o: { since?: Date; out?: string }) =>
      withDb(async (db) => {
        // The questions leave the company as a file: names without a cue are found too.
        const lines = await exportCorrections(db, { since: o.since, names: await NameFinder.load() });
        const jsonl = lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : '');
        if (o.out) {
          fs.writeFileSync(o.out, jsonl);
          io.err(`${lines.length} correction${lines.length === 1 ? '' : 's'} written to ${o.out}`);
        } else {
          if (jsonl) io.out(jsonl.replace(/\n$/, ''));
          io.err(`${lines.length} correction${lines.length === 1 ? '' : 's'}`);
        }
      }),
    );
}
