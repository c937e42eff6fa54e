import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../core/config.js';
import type { Database } from '../../db/database.js';
import { migrate, MIGRATIONS_DIR } from '../../db/migrate.js';
import { PgliteDatabase } from '../../db/pglite-database.js';
import { PgliteThreadDatabase } from '../../db/pglite-thread-database.js';
import { PostgresDatabase } from '../../db/postgres-database.js';

/** The machine's PostgreSQL (trust auth). Override with TEST_DATABASE_URL. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * `migrate: false` gives an empty database (for tests about migrating or a first start);
 * `knowledge: true` one that also holds the bundled knowledge base exactly as a bot's first start
 * leaves it (see knowledgeTemplateKey) — for a database that goes straight into `createApp` or
 * `createKnowledge`, which would otherwise spend seconds of CPU loading and indexing it again.
 */
export interface TemplateOptions {
  migrate?: boolean;
  knowledge?: boolean;
}

export interface TestDatabase {
  db: Database;
  url?: string;
  drop(): Promise<void>;
}

/**
 * What a migrated template depends on: the migration files and the PGlite release. A branch
 * with other migrations gets templates of its own, and a stale template is never used.
 */
function templateKey(): string {
  const hash = crypto.createHash('sha256');
  for (const file of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(MIGRATIONS_DIR, file))).update('\0');
  }
  const pgliteVersion = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  return hash.update(pgliteVersion).digest('hex').slice(0, 16);
}

const ROOT = path.resolve(__dirname, '../..');
/** What the first start's knowledge-base load writes depends on (the triage model does not: it is not stored). */
const KNOWLEDGE_SOURCES = ['knowledge/articles', 'knowledge/kb', 'knowledge/search', 'knowledge/text', 'knowledge/contacts', 'knowledge/answer', 'knowledge/llm'];
const KNOWLEDGE_FILES = ['knowledge/create-knowledge.ts', 'knowledge/taxonomy.ts', 'knowledge/taxonomy.json', 'knowledge/contacts.yaml'];
let knowledgeKey: string | undefined;

/**
 * The migrated template's key, and every file the bundled knowledge base's first load reads or
 * runs: an edited article or indexing change gets a template of its own, never a stale one.
 */
function knowledgeTemplateKey(): string {
  if (knowledgeKey) return knowledgeKey;
  const hash = crypto.createHash('sha256').update(templateKey());
  const files = [...KNOWLEDGE_FILES];
  for (const dir of KNOWLEDGE_SOURCES) {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(path.relative(ROOT, path.join(entry.parentPath, entry.name)));
    }
  }
  for (const file of files.sort()) hash.update(file).update('\0').update(fs.readFileSync(path.join(ROOT, file))).update('\0');
  knowledgeKey = hash.digest('hex').slice(0, 16);
  return knowledgeKey;
}

/**
 * Loads the bundled knowledge base the way a bot's first start does (`createKnowledge` on an empty
 * knowledge base: articles, chunks, postings, the analyser version). Required here, not imported
 * at the top: only the process that builds a template (once per machine and key) pays for loading
 * the knowledge modules.
 */
async function loadBundledKnowledge(db: Database): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  const { createKnowledge } = require('../../knowledge/create-knowledge.js') as typeof import('../../knowledge/create-knowledge.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- idem
  const { loadConfig } = require('../../core/config.js') as typeof import('../../core/config.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- idem
  const { memoryLogger } = require('./logger.js') as typeof import('./logger.js');
  await createKnowledge(db, loadConfig({ LOG_LEVEL: 'silent' }), memoryLogger('silent').logger);
}

/**
 * A migrated PostgreSQL database to copy test databases from (`CREATE DATABASE … TEMPLATE`: a
 * file copy instead of running every migration again). Built once per migration set on the
 * server, under a temporary name renamed when complete, and never connected to after, so any
 * number of test processes may copy it at once.
 */
export async function postgresTemplate(options: { knowledge?: boolean } = {}): Promise<string> {
  const name = options.knowledge ? `otasuke_kb_${knowledgeTemplateKey()}` : `otasuke_tpl_${templateKey()}`;
  // The knowledge template starts as a copy of the migrated one.
  const from = options.knowledge ? await postgresTemplate() : undefined;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return name;
    const building = `${name}_${crypto.randomBytes(4).toString('hex')}`;
    await admin.query(from ? `CREATE DATABASE ${building} TEMPLATE ${from}` : `CREATE DATABASE ${building}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${building}`;
    const db = new PostgresDatabase({ url: url.toString(), poolMax: 2 });
    try {
      if (options.knowledge) await loadBundledKnowledge(db);
      else await migrate(db);
    } finally {
      await db.close();
    }
    try {
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch (err) {
      // Another process finished the same template first: use that one.
      if ((err as { code?: string }).code !== '42P04') throw err;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    }
    return name;
  } finally {
    await admin.end();
  }
}

/**
 * A fresh PostgreSQL database of its own for one test file, dropped afterwards; migrated unless
 * `migrate: false` (copied from the migrated template, see postgresTemplate), with the bundled
 * knowledge base when `knowledge: true`.
 */
export async function createPostgresTestDatabase(options: TemplateOptions = {}): Promise<TestDatabase> {
  const template = options.migrate !== false ? await postgresTemplate({ knowledge: options.knowledge }) : undefined;
  const name = `otasuke_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = new PostgresDatabase({ url: url.toString(), poolMax: 20 });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A migrated PGlite data folder (PGlite's `dumpDataDir` tarball) for `memory://` instances to
 * start from (`startFrom`): `initdb` and the migrations in WASM cost seconds of CPU per instance.
 * Kept in the OS temp folder under the migrations' digest, shared by test processes and runs.
 */
export async function pgliteTemplate(options: { knowledge?: boolean } = {}): Promise<string> {
  const dir = path.join(os.tmpdir(), 'otasuke-test-templates');
  const file = path.join(dir, options.knowledge ? `pglite-kb-${knowledgeTemplateKey()}.tar` : `pglite-${templateKey()}.tar`);
  if (fs.existsSync(file)) return file;
  const db = options.knowledge
    ? await PgliteDatabase.open({ dataDir: 'memory://', startFrom: await pgliteTemplate() })
    : await PgliteDatabase.open({ dataDir: 'memory://' });
  if (options.knowledge) await loadBundledKnowledge(db);
  else await migrate(db);
  const dump = await db.dumpDataDir();
  await db.close();
  fs.mkdirSync(dir, { recursive: true });
  // Written under a name of its own, then renamed: a process reading the file never sees half of it.
  const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(partial, dump);
  fs.renameSync(partial, file);
  return file;
}

/**
 * An in-memory PGlite on its own thread (the embedded default) for one test file; migrated unless
 * `migrate: false` (started from the migrated template), with the bundled knowledge base when `knowledge: true`.
 */
export async function createPgliteTestDatabase(options: TemplateOptions = {}): Promise<TestDatabase> {
  const db =
    options.migrate !== false
      ? await PgliteThreadDatabase.open({ dataDir: 'memory://', startFrom: await pgliteTemplate({ knowledge: options.knowledge }) })
      : await PgliteThreadDatabase.open({ dataDir: 'memory://' });
  return { db, drop: () => db.close() };
}

/** Both database kinds, for `describe.each` over the two storage paths. */
export const DATABASE_KINDS = [
  ['PostgreSQL', createPostgresTestDatabase],
  ['PGlite', createPgliteTestDatabase],
] as const;

/**
 * `config` with its `memory://` PGlite started from the template that holds the bundled knowledge
 * base (see pgliteTemplate): what `createApp`'s first start would load and index is already there.
 * PostgreSQL and folders on disk are left as they are. For `createApp(await fromTemplate(config))`.
 */
export async function fromTemplate(config: Config): Promise<Config> {
  if (!config.database.url && config.database.dataDir.startsWith('memory://')) config.database.startFrom = await pgliteTemplate({ knowledge: true });
  return config;
}
