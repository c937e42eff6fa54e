import fs from 'node:fs/promises';
import path from 'node:path';
import IORedis from 'ioredis';
import type { Database } from '../../db/database.js';
import { MIGRATIONS_DIR } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { DirectoryStore } from '../../handlers/directory/directory-store.js';
import { type Config, loadConfig } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import type { CliIo } from './cli-io.js';

/** One finding: ✓ fine, ✗ wrong (exit 1), · informational (not configured, development-only). */
export interface DoctorCheck {
  status: 'ok' | 'fail' | 'warn' | 'info';
  text: string;
}

const MARK: Record<DoctorCheck['status'], string> = { ok: '✓', fail: '✗', warn: '!', info: '·' };

/** Deadline of each network probe (Redis, Slack, OpenAI): a doctor must answer quickly. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * `npm run ops -- doctor`: checks configuration, database, Redis, Slack, Teams, OpenAI and the
 * routing of tenants, printing one line per finding. Never changes anything (migrations are
 * reported, not applied). Returns false when anything is wrong.
 */
export async function runDoctor(env: NodeJS.ProcessEnv | undefined, io: CliIo): Promise<boolean> {
  const checks: DoctorCheck[] = [];
  const report = (c: DoctorCheck) => {
    checks.push(c);
    io.out(`${MARK[c.status]} ${c.text}`);
  };
  let config: Config;
  try {
    config = loadConfig(env);
    report({ status: 'ok', text: 'configuration is valid' });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) report({ status: 'fail', text: `configuration: ${p}` });
    io.out('the other checks need a valid configuration; fix the above first');
    return false;
  }

  const db = await checkDatabase(config, report);
  try {
    await checkRedis(config, report);
    await checkSlack(config, report);
    checkTeams(config, report);
    await checkOpenAI(config, report);
    if (db) await checkRouting(db, report);
    if (db && config.slack?.oauth) await checkStoredTokens(db, config, report);
  } finally {
    await db?.close();
  }
  const failures = checks.filter((c) => c.status === 'fail').length;
  io.out(failures === 0 ? 'all checks passed' : `${failures} problem${failures === 1 ? '' : 's'} found`);
  return failures === 0;
}

type Report = (c: DoctorCheck) => void;

const message = (err: unknown) => (err instanceof Error ? err.message || err.name : String(err));

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Connects (once, no retries) and compares applied migrations with the bundled ones; null when unusable. */
async function checkDatabase(config: Config, report: Report): Promise<Database | null> {
  const where = config.database.url ? `PostgreSQL at ${redact(config.database.url)}` : `the embedded database in ${config.database.dataDir}`;
  let db: Database;
  try {
    db = await openDatabase({ ...config.database, connectAttempts: 1 }, createLogger({ level: 'silent' }));
    await db.query('SELECT 1');
    report({ status: 'ok', text: `database: connected to ${where}` });
  } catch (err) {
    report({ status: 'fail', text: `database: cannot connect to ${where}: ${message(err)}` });
    return null;
  }
  const bundled = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /\.(sql|js|ts)$/.test(f)).map((f) => path.parse(f).name).sort();
  let applied: string[] = [];
  try {
    applied = (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name);
  } catch {
    // No migrations table yet: a new database, every migration pending.
  }
  const pending = bundled.filter((m) => !applied.includes(m));
  if (pending.length === 0) {
    report({ status: 'ok', text: `database: all ${bundled.length} migrations applied` });
    return db;
  }
  report({
    status: 'fail',
    text: `database: ${pending.length} of ${bundled.length} migrations not applied yet (${pending.join(', ')}); they are applied when the bot or any other ops command starts`,
  });
  // Routing checks need the directory tables; without the first migration there are none.
  return applied.length > 0 ? db : (await db.close(), null);
}

async function checkRedis(config: Config, report: Report): Promise<void> {
  const url = config.queue.redisUrl;
  if (!url) {
    report({ status: 'info', text: 'Redis: not configured (REDIS_URL unset); jobs run in-process' });
    return;
  }
  const redis = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    commandTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Connection errors are reported below; an unhandled 'error' event would crash the process.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    report({ status: 'ok', text: `Redis: reachable at ${redact(url)}` });
    let policy: string | undefined;
    try {
      policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1];
    } catch (err) {
      report({ status: 'fail', text: `Redis: cannot read maxmemory-policy (${message(err)}); make sure it is noeviction, or queued jobs can be evicted` });
      return;
    }
    report(
      policy === 'noeviction'
        ? { status: 'ok', text: 'Redis: maxmemory-policy is noeviction' }
        : { status: 'fail', text: `Redis: maxmemory-policy is ${policy ?? 'unknown'}; it must be noeviction, or Redis may silently drop queued jobs` },
    );
  } catch (err) {
    report({ status: 'fail', text: `Redis: unreachable at ${redact(url)}: ${message(err)}` });
  } finally {
    redis.disconnect();
  }
}

/** GET/POST with a deadline; a network failure comes back as `unreachable`, never as a throw. */
async function probe(url: string, init: RequestInit, timeoutMs: number): Promise<{ response: Response } | { unreachable: string }> {
  try {
    return { response: await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }) };
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    return { unreachable: cause ? `${message(err)} (${message(cause)})` : message(err) };
  }
}

async function checkSlack(config: Config, report: Report): Promise<void> {
  const slack = config.slack;
  if (!slack) {
    report({ status: 'info', text: 'Slack: not configured' });
    return;
  }
  if (!slack.botToken) {
    report({ status: 'ok', text: 'Slack: OAuth install flow configured (tokens of each workspace are checked when used)' });
    return;
  }
  const base = slack.apiUrl ? (slack.apiUrl.endsWith('/') ? slack.apiUrl : `${slack.apiUrl}/`) : 'https://slack.com/api/';
  const r = await probe(
    `${base}auth.test`,
    { method: 'POST', headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/x-www-form-urlencoded' } },
    Math.min(slack.httpTimeoutMs, PROBE_TIMEOUT_MS),
  );
  if ('unreachable' in r) {
    report({ status: 'fail', text: `Slack: API unreachable at ${base}: ${r.unreachable}` });
    return;
  }
  const body = (await r.response.json().catch(() => null)) as { ok?: boolean; error?: string; team?: string; user?: string } | null;
  if (r.response.ok && body?.ok) {
    report({ status: 'ok', text: `Slack: bot token works (workspace ${body.team ?? '?'}, bot user ${body.user ?? '?'})` });
  } else {
    report({ status: 'fail', text: `Slack: auth.test refused the bot token (${body?.error ?? `HTTP ${r.response.status}`}); check SLACK_BOT_TOKEN` });
  }
}

function checkTeams(config: Config, report: Report): void {
  const teams = config.teams;
  if (!teams) {
    report({ status: 'info', text: 'Teams: not configured' });
    return;
  }
  if (!teams.appId) {
    report({ status: 'info', text: 'Teams: on WITHOUT authentication (TEAMS_ENABLED=true, no MICROSOFT_APP_ID): for local development against a stand-in only' });
    return;
  }
  // loadConfig has already refused a missing password or tenant; say what is in use.
  const secret = teams.appType === 'UserAssignedMSI' ? 'managed identity' : teams.appPassword ? 'client secret set' : 'NO client secret';
  report({ status: 'ok', text: `Teams: app ${teams.appId} (${teams.appType}, ${secret}${teams.appTenantId ? `, tenant ${teams.appTenantId}` : ''}); every request's token is checked` });
}

async function checkOpenAI(config: Config, report: Report): Promise<void> {
  const openai = config.openai;
  if (!openai) {
    report({ status: 'info', text: 'OpenAI: not configured (rules and lexical search only)' });
    return;
  }
  const base = (openai.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const r = await probe(`${base}/models`, { headers: { authorization: `Bearer ${openai.apiKey}` } }, Math.min(openai.timeoutMs, PROBE_TIMEOUT_MS));
  if ('unreachable' in r) report({ status: 'fail', text: `OpenAI: unreachable at ${base}: ${r.unreachable}` });
  else if (r.response.status === 401 || r.response.status === 403) report({ status: 'fail', text: `OpenAI: the API key was refused (HTTP ${r.response.status}); check OPENAI_API_KEY` });
  else if (!r.response.ok) report({ status: 'fail', text: `OpenAI: listing models failed with HTTP ${r.response.status} at ${base}` });
  else report({ status: 'ok', text: `OpenAI: API key works at ${base}` });
}

/** Installations stored in the clear (no SLACK_TOKEN_KEY, or written before it was set). */
async function checkStoredTokens(db: Database, config: Config, report: Report): Promise<void> {
  const r = await db
    .query<{ clear: number; sealed: number }>(
      `SELECT count(*) FILTER (WHERE NOT (installation ? 'sealed'))::int AS clear, count(*) FILTER (WHERE installation ? 'sealed')::int AS sealed
       FROM slack_installations WHERE installation IS NOT NULL`,
    )
    .catch(() => null);
  if (!r) return;
  const { clear = 0, sealed = 0 } = r.rows[0] ?? {};
  if (clear > 0 && !config.slack?.tokenKey) {
    report({ status: 'warn', text: `Slack: ${clear} installation(s) keep their bot token in the clear in PostgreSQL (set SLACK_TOKEN_KEY to seal them at the next start)` });
  } else if (clear > 0) {
    report({ status: 'info', text: `Slack: ${clear} installation(s) stored before SLACK_TOKEN_KEY was set; the bot seals them at its next start` });
  } else if (sealed > 0 && !config.slack?.tokenKey) {
    report({ status: 'fail', text: `Slack: ${sealed} installation(s) are sealed but SLACK_TOKEN_KEY is not set; the bot cannot use their tokens` });
  } else {
    report({ status: 'ok', text: `Slack: ${sealed} installation(s), all sealed` });
  }
}

async function checkRouting(db: Database, report: Report): Promise<void> {
  const directory = new DirectoryStore(db);
  const tenants = await directory.listTenants();
  const unrouted = tenants.filter((t) => !t.groupId);
  for (const t of unrouted) {
    report({ status: 'fail', text: `routing: tenant ${t.id} (${t.name}) has no responder group; its escalations reach nobody (fix: npm run ops -- route ${t.id} <group>)` });
  }
  if (unrouted.length === 0) report({ status: 'ok', text: tenants.length ? `routing: all ${tenants.length} tenants are routed to a responder group` : 'routing: no tenants yet' });
  const groups = await directory.listGroups();
  const empty = groups.filter((g) => g.responderCount === 0);
  for (const g of empty) {
    report({ status: 'fail', text: `routing: responder group ${g.id} (${g.name}) has no member with the responder role; nobody can claim its cases (fix: npm run ops -- member add ${g.id} <user-id>)` });
  }
  if (empty.length === 0) report({ status: 'ok', text: groups.length ? `routing: all ${groups.length} responder groups have at least one responder` : 'routing: no responder groups yet' });
}
