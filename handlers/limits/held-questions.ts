import type { Database, Queryable } from '../../db/database.js';
import { jobId, type JobSpec } from '../jobs.js';

/**
 * Questions a rate limit held (`rate_limited`, see question-rate.ts) and what became of them.
 * The operator CLI (`npm run ops -- limited`) and the playground's admin view list them and
 * either queue an answer (a `held.answer` job runs the question through the core handler) or
 * dismiss them. Every change is one conditional UPDATE, so a question is handled once however
 * many people press the button.
 */
export const HELD_STATUSES = ['held', 'answering', 'answered', 'dismissed', 'failed'] as const;
export type HeldStatus = (typeof HELD_STATUSES)[number];

export interface HeldQuestion {
  id: number;
  at: Date;
  /** The limit that held it: `user` or `tenant`. */
  scope: string;
  tenantId: string;
  userId: string;
  /** The asker's display name, when they are still in the directory. */
  userName: string | null;
  channel: string;
  threadRef: string;
  text: string;
  severity: string;
  status: HeldStatus;
  handledAt: Date | null;
  handledBy: string | null;
  caseNumber: string | null;
  note: string | null;
}

export interface HeldFilter {
  /** Only this company's. */
  tenantId?: string;
  /** Only those held at or after this moment. */
  since?: Date;
  /** Default `held` (still waiting); `all` for every status. */
  status?: HeldStatus | 'all';
  /** Newest first, at most this many (default 200). */
  limit?: number;
}

interface Row {
  id: string;
  at: Date;
  scope: string;
  tenant_id: string;
  user_id: string;
  user_name: string | null;
  channel: string;
  thread_ref: string;
  text: string;
  severity: string;
  status: HeldStatus;
  handled_at: Date | null;
  handled_by: string | null;
  case_number: string | null;
  note: string | null;
}

const SELECT = `SELECT r.id::text AS id, r.at, r.scope, r.tenant_id, r.user_id, u.display_name AS user_name, r.channel, r.thread_ref,
  r.text, r.severity, r.status, r.handled_at, r.handled_by, r.case_number, r.note
  FROM rate_limited r LEFT JOIN users u ON u.id = r.user_id`;

const toHeld = (r: Row): HeldQuestion => ({
  id: Number(r.id),
  at: new Date(r.at),
  scope: r.scope,
  tenantId: r.tenant_id,
  userId: r.user_id,
  userName: r.user_name,
  channel: r.channel,
  threadRef: r.thread_ref,
  text: r.text,
  severity: r.severity,
  status: r.status,
  handledAt: r.handled_at ? new Date(r.handled_at) : null,
  handledBy: r.handled_by,
  caseNumber: r.case_number,
  note: r.note,
});

/** Held questions, newest first. */
export async function listHeld(db: Queryable, filter: HeldFilter = {}): Promise<HeldQuestion[]> {
  const status = filter.status ?? 'held';
  const r = await db.query<Row>(
    `${SELECT}
     WHERE ($1::text IS NULL OR r.tenant_id = $1) AND ($2::timestamptz IS NULL OR r.at >= $2) AND ($3::text = 'all' OR r.status = $3)
     ORDER BY r.at DESC, r.id DESC LIMIT $4`,
    [filter.tenantId ?? null, filter.since ?? null, status, Math.max(1, Math.min(filter.limit ?? 200, 10_000))],
  );
  return r.rows.map(toHeld);
}

/** One held question (of `tenantId` only, when given), or null. */
export async function getHeld(db: Queryable, id: number, tenantId?: string): Promise<HeldQuestion | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const r = await db.query<Row>(`${SELECT} WHERE r.id = $1 AND ($2::text IS NULL OR r.tenant_id = $2)`, [id, tenantId ?? null]);
  return r.rows[0] ? toHeld(r.rows[0]) : null;
}

/** The job that answers held question `id` (one per question: its id is made from the row's). */
export function heldAnswerSpec(id: number, runAt: Date = new Date()): JobSpec<'held.answer'> {
  return { id: jobId('held-answer', id), name: 'held.answer', payload: { heldId: id }, runAt };
}

/** Why a held question could not be answered or dismissed. */
export type HeldChange =
  | { ok: true; held: HeldQuestion }
  /** No such question (or, with a tenant given, none of that company's). */
  | { ok: false; reason: 'not_found' }
  /** Someone already acted on it: `held` says what became of it. */
  | { ok: false; reason: 'already_handled'; held: HeldQuestion };

/** Records jobs in the caller's transaction (JobStore or JobScheduler). */
export interface JobRecorder {
  record(spec: JobSpec, tx: Queryable): Promise<void>;
}

/**
 * Marks a held question `answering` and records its `held.answer` job in the same transaction;
 * the caller dispatches the job after commit (or leaves it to the sweep). Only a question still
 * `held` changes, so it is answered once. With `tenantId`, only that company's questions.
 */
export async function queueHeldAnswer(
  db: Database,
  jobs: JobRecorder,
  id: number,
  by: string,
  tenantId?: string,
): Promise<HeldChange & { spec?: JobSpec<'held.answer'> }> {
  return db.transaction(async (tx) => {
    const changed = await take(tx, id, 'answering', by, null, tenantId);
    if (!changed.ok) return changed;
    const spec = heldAnswerSpec(id);
    await jobs.record(spec, tx);
    return { ...changed, spec };
  });
}

/** Marks a held question `dismissed` (nobody needs to answer it), once. */
export async function dismissHeld(db: Database, id: number, by: string, note?: string, tenantId?: string): Promise<HeldChange> {
  return db.transaction((tx) => take(tx, id, 'dismissed', by, note ?? null, tenantId));
}

async function take(tx: Queryable, id: number, status: 'answering' | 'dismissed', by: string, note: string | null, tenantId?: string): Promise<HeldChange> {
  if (!Number.isSafeInteger(id) || id <= 0) return { ok: false, reason: 'not_found' };
  const r = await tx.query<{ id: string }>(
    `UPDATE rate_limited SET status = $2, handled_at = now(), handled_by = $3, note = $4
     WHERE id = $1 AND status = 'held' AND ($5::text IS NULL OR tenant_id = $5) RETURNING id::text AS id`,
    [id, status, by, note, tenantId ?? null],
  );
  const held = await getHeld(tx, id, tenantId);
  if (!held) return { ok: false, reason: 'not_found' };
  return r.rows.length === 1 ? { ok: true, held } : { ok: false, reason: 'already_handled', held };
}

/** Records the outcome of a `held.answer` job; only a question still `answering` changes. */
export async function finishHeldAnswer(db: Queryable, id: number, outcome: { status: 'answered' | 'failed'; caseNumber?: string | null; note?: string }): Promise<boolean> {
  const r = await db.query(
    `UPDATE rate_limited SET status = $2, case_number = coalesce($3, case_number), note = coalesce($4, note)
     WHERE id = $1 AND status = 'answering'`,
    [id, outcome.status, outcome.caseNumber ?? null, outcome.note ?? null],
  );
  return r.rowCount === 1;
}

/** First `max` characters of a question on one line, for lists. */
export function heldPreview(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
