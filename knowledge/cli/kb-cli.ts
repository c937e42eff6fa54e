import os from 'node:os';
import { Command } from 'commander';
import { loadConfig } from '../../core/config.js';
import { toOtasukeError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { createKnowledge } from '../create-knowledge.js';
import { BUNDLED_ARTICLES_DIR, readArticleFolder } from '../kb/article-files.js';
import { articlesDue, contactsDue, dueBefore, lintFolder, REVIEW_MONTHS, type ReviewDue } from '../kb/article-lint.js';
import { bundledContacts } from '../contacts/contact-registry.js';
import { KbAdmin } from '../kb/kb-admin.js';

/**
 * `npm run kb -- lint [dir]`: checks a folder of articles without a database; exit 1 on a
 * problem. Reviews falling due are printed as warnings and do not fail it.
 */
async function lint(dir: string): Promise<number> {
  const { articles, errors, warnings } = await lintFolder(dir);
  for (const p of errors) process.stdout.write(`${p.slug}: ${p.problem}\n`);
  for (const p of warnings) process.stdout.write(`warning: ${p.slug}: ${p.problem}\n`);
  process.stdout.write(`${articles} articles, ${errors.length} problems, ${warnings.length} warnings\n`);
  return errors.length > 0 ? 1 : 0;
}

/** One line per article due for review: slug, language, last review, number of sources, title. */
export function dueLine(d: ReviewDue): string {
  return `${d.slug.padEnd(36)} ${d.lang}  reviewed ${(d.reviewed ?? 'never').padEnd(10)}  ${String(d.sources).padStart(2)} sources  ${d.title}`;
}

/**
 * `npm run kb -- <command>`: knowledge-base administration against the
 * configured database (DATABASE_URL, or the embedded one in DATA_DIR).
 */
async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'due' && argv[1] && !argv[1].startsWith('-')) {
    // `kb due <dir>`: the same list from a folder of Markdown articles, no database needed.
    const due = articlesDue(await readArticleFolder(argv[1]));
    for (const d of due) process.stdout.write(`${dueLine(d)}\n`);
    for (const c of contactsDue(bundledContacts())) process.stdout.write(`${c.slug}: ${c.problem}\n`);
    process.stdout.write(`${due.length} articles due for review (reviewed before ${dueBefore(new Date())})\n`);
    return;
  }
  if (argv[0] === 'lint') {
    process.exitCode = await lint(argv[1] ?? BUNDLED_ARTICLES_DIR).catch((err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      return 1;
    });
    return;
  }
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const db = await openDatabase(config.database, logger);
  const out = (line = ''): void => {
    process.stdout.write(`${line}\n`);
  };
  try {
    await migrate(db, { logger });
    const { articles } = await createKnowledge(db, config, logger);
    const kb = new KbAdmin(db, articles);
    const program = new Command().name('kb').description('Otasuke Bot knowledge-base admin').exitOverride();
    program.option('--author <name>', 'who makes the change (recorded on the version)', `cli:${os.userInfo().username}`);
    const change = (note?: string) => ({ author: program.opts<{ author: string }>().author, note });

    program
      .command('import <dir>')
      .description('import a folder of Markdown articles (all or nothing)')
      .action(async (dir: string) => {
        const counts = await kb.importFolder(dir, change('import'));
        out(`imported: ${counts.created} new, ${counts.updated} updated, ${counts.unchanged} unchanged`);
      });
    program
      .command('export <dir>')
      .option('--status <status>', 'only draft, published or archived')
      .description('write every article as Markdown into <dir>/<lang>/<slug>.md')
      .action(async (dir: string, o: { status?: 'draft' | 'published' | 'archived' }) => {
        out(`exported ${await kb.exportFolder(dir, o)} articles to ${dir}`);
      });
    program
      .command('list')
      .option('--status <status>')
      .option('--lang <lang>')
      .action(async (o: { status?: 'draft' | 'published' | 'archived'; lang?: 'ja' | 'en' }) => {
        for (const a of await kb.list(o)) out(`${a.slug.padEnd(36)} ${a.lang}  v${a.version}  ${a.status.padEnd(9)}  ${a.title}`);
      });
    program.command('show <slug>').action(async (slug: string) => {
      out(kb.toMarkdown(await kb.show(slug)));
    });
    program.command('history <slug>').action(async (slug: string) => {
      for (const v of await kb.history(slug)) {
        out(`v${v.version}  ${v.createdAt.toISOString()}  ${v.status.padEnd(9)}  ${v.author}${v.note ? `  (${v.note})` : ''}`);
      }
    });
    program.command('publish <slug>').action(async (slug: string) => {
      const a = await kb.publish(slug, change('publish'));
      out(`${a.slug} is published (v${a.version}) and searchable now`);
    });
    program.command('archive <slug>').action(async (slug: string) => {
      const a = await kb.archive(slug, change('archive'));
      out(`${a.slug} is archived (v${a.version}) and no longer searchable`);
    });
    program.command('restore <slug> <version>').action(async (slug: string, version: string) => {
      const { article: a, outcome } = await kb.restore(slug, Number(version), change());
      out(outcome === 'unchanged' ? `${a.slug}: v${a.version} already has the content of version ${version}` : `${a.slug}: version ${version} restored as v${a.version}`);
    });
    program
      .command('due')
      .description(`published articles whose sources review is over ${REVIEW_MONTHS} months old or missing`)
      .action(async () => {
        const due = await kb.due();
        for (const d of due) out(dueLine(d));
        // The desks articles name are due on their own `checked` dates (knowledge/contacts.yaml).
        for (const c of contactsDue(bundledContacts())) out(`${c.slug}: ${c.problem}`);
        out(`${due.length} articles due for review (reviewed before ${dueBefore(new Date())})`);
      });
    program
      .command('gaps')
      .option('--days <n>', 'look back this many days', '7')
      .option('--tenant <id>', 'only this tenant')
      .description('questions the bot could not answer, grouped')
      .action(async (o: { days: string; tenant?: string }) => {
        const groups = await kb.gaps({ days: Number(o.days), tenantId: o.tenant });
        if (groups.length === 0) out('no gaps in this period');
        for (const g of groups) {
          out(`${g.category} (${g.count})`);
          for (const q of g.questions) out(`  ${String(q.count).padStart(3)}×  ${q.text}  [${q.reasons.join(', ')}]`);
        }
      });
    await program.parseAsync(argv, { from: 'user' });
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const e = toOtasukeError(err);
  // commander's own help/version exits are not failures.
  if ((err as { code?: string }).code === 'commander.helpDisplayed' || (err as { code?: string }).code === 'commander.version') process.exit(0);
  process.stderr.write(`kb: ${e.code === 'INTERNAL' ? e.message : `${e.code}: ${e.message}`}\n`);
  process.exit(1);
});
