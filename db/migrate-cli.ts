import { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { toOtasukeError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { migrate } from './migrate.js';
import { openDatabase } from './open-database.js';

/**
 * `npm run migrate -- [up|down] [--count N]`: applies (or reverts) the SQL
 * migrations on the configured database. The bot also migrates up at start;
 * this is for operators who want to do it ahead of a deploy or roll back.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('migrate')
    .argument('[direction]', 'up or down', 'up')
    .option('--count <n>', 'how many migrations (default: all up, one down)')
    .parse(argv, { from: 'user' });
  const direction = program.args[0] === 'down' ? 'down' : 'up';
  const count = program.opts<{ count?: string }>().count;
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const db = await openDatabase(config.database, logger);
  try {
    const ran = await migrate(db, { direction, count: count ? Number(count) : undefined, logger });
    process.stdout.write(ran.length ? `${direction}: ${ran.join(', ')}\n` : `${direction}: nothing to do\n`);
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const e = toOtasukeError(err);
  process.stderr.write(`migrate: ${e.code}: ${e.message}\n`);
  process.exit(1);
});
