import fs from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '../../core/config.js';
import { toOtasukeError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { CaseStore } from '../cases/case-store.js';
import type { CaseRecord } from '../cases/case-types.js';
import { DirectoryStore } from '../directory/directory-store.js';
import { CaseNotFoundError } from '../errors.js';

/** A file made from one case (an incident report, a legal draft, the insurer report). */
export interface CaseFile {
  filename: string;
  data: Buffer | string;
}

export type CaseFileFormat = 'pdf' | 'md';

/** `--format`: pdf or md ("markdown" too). */
export function parseCaseFileFormat(value: string): CaseFileFormat {
  const format = value.toLowerCase() === 'markdown' ? 'md' : value.toLowerCase();
  if (format !== 'md' && format !== 'pdf') throw new InvalidArgumentError('use pdf or md');
  return format;
}

/**
 * What the case-file programs (`npm run report`, `npm run legal`) share: open the configured
 * database (DATABASE_URL, or the embedded one in DATA_DIR), migrate, find the case, make the file,
 * and write it to `out` ("-" for standard output; default: the file's own name here).
 */
export async function writeCaseFile(
  program: string,
  number: string,
  out: string | undefined,
  make: (services: { cases: CaseStore; directory: DirectoryStore }, c: CaseRecord, db: Database) => Promise<CaseFile>,
  note = '',
): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const db = await openDatabase(config.database, logger);
  try {
    await migrate(db, { logger });
    const services = { cases: new CaseStore(db), directory: new DirectoryStore(db) };
    const c = await services.cases.findByNumber(number);
    if (!c) throw new CaseNotFoundError(number);
    const file = await make(services, c, db);
    if (out === '-') {
      process.stdout.write(file.data);
      return;
    }
    const target = path.resolve(out ?? file.filename);
    await fs.writeFile(target, file.data);
    process.stderr.write(`${program}: wrote ${target} (${file.data.length} bytes)${note}\n`);
  } finally {
    await db.close();
  }
}

/** Exit codes as every program of the bot: 0 help, 2 wrong usage, 1 a failure in one plain line. */
export function exitOnCliError(program: string): (err: unknown) => never {
  return (err) => {
    const code = (err as { code?: string }).code;
    // commander's own help/version exits are not failures.
    if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
    if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
    const e = toOtasukeError(err);
    process.stderr.write(`${program}: ${e.code === 'INTERNAL' ? e.message : `${e.code}: ${e.message}`}\n`);
    process.exit(1);
  };
}
