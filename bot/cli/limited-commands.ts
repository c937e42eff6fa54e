import { type Command, InvalidArgumentError } from 'commander';
import type { Database } from '../../db/database.js';
import {
  dismissHeld,
  HELD_STATUSES,
  heldPreview,
  listHeld,
  queueHeldAnswer,
  type HeldChange,
  type HeldQuestion,
  type HeldStatus,
} from '../../handlers/limits/held-questions.js';
import { JobStore } from '../../workers/job-store.js';
import { type CliIo, OperatorError } from './cli-io.js';

/** `--since`: an ISO date or time (`2026-01-31`, `2026-01-31T09:00:00+09:00`) or an age (`30m`, `24h`, `7d`). */
export function parseSince(value: string, now: Date = new Date()): Date {
  const age = /^(\d{1,6})([mhd])$/.exec(value.trim());
  if (age) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[age[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(age[1]) * unit);
  }
  const at = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(at)) throw new InvalidArgumentError(`use a date (2026-01-31), a time (2026-01-31T09:00+09:00) or an age (30m, 24h, 7d); got ${value}`);
  return new Date(at);
}

function parseStatus(value: string): HeldStatus | 'all' {
  if (value === 'all' || (HELD_STATUSES as readonly string[]).includes(value)) return value as HeldStatus | 'all';
  throw new InvalidArgumentError(`use all or one of ${HELD_STATUSES.join(', ')}`);
}

function parseId(value: string): number {
  const id = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidArgumentError(`a held question's id is a positive number (see: limited list); got ${value}`);
  return id;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('a number from 1 to 10000');
  return n;
}

/** `2026-01-31 09:00:12Z`: UTC, to the second. */
function when(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function describeOutcome(h: HeldQuestion): string {
  const by = h.handledBy ? ` by ${h.handledBy}` : '';
  const at = h.handledAt ? ` at ${when(h.handledAt)}` : '';
  switch (h.status) {
    case 'held':
      return 'still held';
    case 'answering':
      return `already queued for an answer${by}${at}`;
    case 'answered':
      return `already answered${by}${at}${h.caseNumber ? ` (case ${h.caseNumber})` : ''}`;
    case 'dismissed':
      return `already dismissed${by}${at}${h.note ? ` (${h.note})` : ''}`;
    case 'failed':
      return `could not be answered${at}: ${h.note ?? 'see the job log'}`;
  }
}

function refuse(id: number, change: Exclude<HeldChange, { ok: true }>): never {
  if (change.reason === 'not_found') throw new OperatorError(`there is no held question ${id} (see: limited list --status all)`);
  throw new OperatorError(`held question ${id} was ${describeOutcome(change.held).replace(/^already /, '')}; nothing changed`);
}

/**
 * `limited list|answer|dismiss`: the questions a rate limit held (`rate_limited`), so none is
 * dropped silently. `answer` marks the question and records a `held.answer` job in one
 * transaction; a running bot's sweep (every JOB_SWEEP_INTERVAL_MS) hands it to its queue, and
 * the worker answers it through the core handler in the asker's thread.
 */
export function addLimitedCommands(program: Command, io: CliIo, withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T>): void {
  const limited = program.command('limited').description('questions held by the per-person or per-company rate limit');

  limited
    .command('list')
    .description('list held questions, newest first (time in UTC, tenant, user, channel, severity, text)')
    .option('--tenant <id>', 'only this company')
    .option('--since <when>', 'only since a date/time (2026-01-31, 2026-01-31T09:00+09:00) or for an age (30m, 24h, 7d)', (v) => parseSince(v))
    .option('--status <status>', `held (default), all, or one of ${HELD_STATUSES.join(', ')}`, parseStatus, 'held' as HeldStatus | 'all')
    .option('--limit <n>', 'at most this many (default 200)', parseLimit, 200)
    .action(async (o: { tenant?: string; since?: Date; status: HeldStatus | 'all'; limit: number }) => {
      await withDb(async (db) => {
        const rows = await listHeld(db, { tenantId: o.tenant, since: o.since, status: o.status, limit: o.limit });
        for (const h of rows) {
          const status = o.status === 'held' ? '' : `  [${h.status}${h.caseNumber ? ` ${h.caseNumber}` : ''}]`;
          io.out(`#${h.id}  ${when(h.at)}  ${h.tenantId}  ${h.userId}${h.userName ? ` (${h.userName})` : ''}  ${h.channel}  ${h.severity}${status}  ${heldPreview(h.text)}`);
        }
        const what = o.status === 'all' ? 'question' : o.status === 'held' ? 'held question' : `${o.status} question`;
        io.out(`${rows.length} ${what}${rows.length === 1 ? '' : 's'}${rows.length === o.limit ? ` (the newest ${o.limit}; see --limit)` : ''}`);
      });
    });

  limited
    .command('answer')
    .description('answer a held question now, through the bot as if just asked (a running bot posts the answer in the asker\'s thread)')
    .argument('<id>', 'the number shown by limited list', parseId)
    .action(async (id: number) => {
      await withDb(async (db) => {
        const change = await queueHeldAnswer(db, new JobStore(db), id, 'ops');
        if (!change.ok) refuse(id, change);
        io.out(
          `held question ${id} (${change.held.userId} in ${change.held.tenantId}) is queued for an answer as job ${change.spec!.id}; ` +
            'a running bot picks it up at its next sweep (JOB_SWEEP_INTERVAL_MS) and answers in the asker\'s thread',
        );
      });
    });

  limited
    .command('dismiss')
    .description('mark a held question as needing no answer')
    .argument('<id>', 'the number shown by limited list', parseId)
    .option('--note <text>', 'why (kept with the question)')
    .action(async (id: number, o: { note?: string }) => {
      await withDb(async (db) => {
        const change = await dismissHeld(db, id, 'ops', o.note);
        if (!change.ok) refuse(id, change);
        io.out(`held question ${id} dismissed`);
      });
    });
}
