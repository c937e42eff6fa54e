import type { Database, Queryable } from '../../db/database.js';
import { retryThroughOutage } from '../../db/outage.js';
import type { Card, Outbound } from '../cards.js';
import type { Inbound } from '../inbound.js';

/** A row of `reply_outbox` as the delivery job reads it. */
export interface OutboxRow {
  id: number;
  idemKey: string;
  conversation: string;
  to: string;
  reply: Outbound;
  messageRef: string | null;
  attempts: number;
}

interface RawRow {
  id: string;
  idem_key: string;
  conversation: string;
  to_ref: string;
  reply: StoredReply;
  message_ref: string | null;
  attempts: number;
  status: string;
}

/** The JSON form of an Outbound (a file's bytes as base64). */
interface StoredReply {
  card: Card;
  replace?: boolean;
  file?: { name: string; contentType: string; base64: string };
}

const toStored = (o: Outbound): StoredReply => ({
  card: o.card,
  ...(o.replace ? { replace: true } : {}),
  ...(o.file ? { file: { name: o.file.name, contentType: o.file.contentType, base64: o.file.data.toString('base64') } } : {}),
});

const fromStored = (to: string, s: StoredReply): Outbound => ({
  to,
  card: s.card,
  ...(s.replace ? { replace: true } : {}),
  ...(s.file ? { file: { name: s.file.name, contentType: s.file.contentType, data: Buffer.from(s.file.base64, 'base64') } } : {}),
});

const toRow = (r: RawRow): OutboxRow => ({
  id: Number(r.id),
  idemKey: r.idem_key,
  conversation: r.conversation,
  to: r.to_ref,
  reply: fromStored(r.to_ref, r.reply),
  messageRef: r.message_ref,
  attempts: r.attempts,
});

/**
 * The reply outbox and the durable inbox beside it (`inbound_receipts.inbound`). A question's
 * replies become rows in one transaction with the receipt's `done_at`; the process that answered
 * posts them at once and marks each sent; rows left pending after their lease (the process died,
 * the platform or the database was down) are delivered by a `reply.deliver` job in order.
 */
export class ReplyOutbox {
  /** `leaseMs`: how long the answering process owns its fresh rows before the sweep may deliver them. */
  constructor(
    private readonly db: Database,
    private readonly leaseMs: number,
    private readonly outageRetryMs: number,
  ) {}

  /**
   * Records `replies` (those shown to everyone: sender-only refusals stay with the live request)
   * as rows of the conversation, and marks the inbound's receipt done, in one statement.
   * A second record of the same source (the same delivery resumed) returns only the rows not yet
   * sent, so nothing is posted twice.
   */
  async record(source: string, conversation: string, replies: Outbound[], opts: { keyPrefix?: string; claim?: string } = {}): Promise<Outbound[]> {
    const durable = replies.map((o, i) => ({ o, i })).filter(({ o }) => !o.senderOnly);
    const prefix = opts.keyPrefix ?? source;
    const keys = durable.map(({ i }) => `${prefix}#${i}`);
    const values: unknown[] = durable.length ? [source, opts.claim ?? null, conversation, this.leaseMs, keys] : [source, opts.claim ?? null];
    const tuples = durable.map(({ o, i }) => {
      values.push(`${prefix}#${i}`, o.to, JSON.stringify(toStored(o)));
      const n = values.length;
      return `($${n - 2}::text, $${n - 1}::text, $${n}::jsonb)`;
    });
    // One statement (atomic, one round trip): the receipt is marked done and the replies become
    // rows only while this handling still holds it. The handling that lost it (the sweep took the
    // question over after it looked dead) records nothing, so one answer goes out. Rows of an
    // earlier record of the same source come from the statement's snapshot, new ones from RETURNING.
    const insert = tuples.length
      ? `, ins AS (INSERT INTO reply_outbox (idem_key, conversation, to_ref, reply, lease_until)
           SELECT v.idem_key, $3::text, v.to_ref, v.reply, now() + ($4::int * interval '1 millisecond')
           FROM (VALUES ${tuples.join(', ')}) AS v(idem_key, to_ref, reply), go WHERE go.ok
           ON CONFLICT (idem_key) DO NOTHING RETURNING id, idem_key, status)`
      : '';
    const rowsSql = tuples.length
      ? `SELECT (SELECT ok FROM go) AS ok, id, idem_key, status FROM ins
         UNION ALL SELECT (SELECT ok FROM go), id, idem_key, status FROM reply_outbox, go WHERE go.ok AND idem_key = ANY($5::text[])
         UNION ALL SELECT ok, NULL, NULL, NULL FROM go`
      : 'SELECT ok, NULL AS id, NULL AS idem_key, NULL AS status FROM go';
    const result = await retryThroughOutage(
      () =>
        this.db.query<{ ok: boolean; id: string | null; idem_key: string | null; status: string | null }>(
          `WITH mine AS (UPDATE inbound_receipts SET done_at = now(), inbound = NULL
             WHERE key = $1 AND done_at IS NULL AND ($2::text IS NULL OR claim = $2) RETURNING key),
           go AS (SELECT ($2::text IS NULL OR EXISTS (SELECT 1 FROM mine)) AS ok)${insert}
           ${rowsSql}`,
          values,
        ),
      { retryMs: this.outageRetryMs },
    );
    const rows = result.rows[0]?.ok ? result.rows.filter((r) => r.id !== null) : null;
    if (rows === null) return replies.filter((o) => o.senderOnly);
    const byKey = new Map(rows.map((r) => [r.idem_key, r]));
    const out: Outbound[] = [];
    replies.forEach((o, i) => {
      if (o.senderOnly) return void out.push(o);
      const row = byKey.get(`${prefix}#${i}`);
      if (!row || row.status !== 'pending') return;
      out.push({ ...o, outboxId: Number(row.id), idemKey: row.idem_key! });
    });
    return out;
  }

  /** The posted message (its ref) on record: the row is sent. Waits out a database restart: posted is posted. */
  async sent(id: number, messageRef?: string): Promise<void> {
    await retryThroughOutage(
      () => this.db.query("UPDATE reply_outbox SET status = 'sent', sent_at = now(), message_ref = coalesce($2, message_ref) WHERE id = $1", [id, messageRef ?? null]),
      { retryMs: this.outageRetryMs },
    );
  }

  /**
   * Leases the conversation's pending rows, oldest first, for delivery. Empty when there is
   * nothing to do; `held` when the oldest row still belongs to a live process (order is kept:
   * nothing later is taken before it).
   */
  async lease(conversation: string): Promise<{ rows: OutboxRow[]; held: boolean }> {
    return this.db.transaction(async (tx) => {
      const r = await tx.query<RawRow & { held: boolean }>(
        `SELECT id, idem_key, conversation, to_ref, reply, message_ref, attempts, status, lease_until > now() AS held
         FROM reply_outbox WHERE conversation = $1 AND status = 'pending' AND via = 'outbox' ORDER BY id FOR UPDATE`,
        [conversation],
      );
      if (r.rows.length === 0) return { rows: [], held: false };
      if (r.rows[0]!.held) return { rows: [], held: true };
      // Only the rows up to the first one still held: order per conversation is kept.
      const firstHeld = r.rows.findIndex((row) => row.held);
      const free = firstHeld < 0 ? r.rows : r.rows.slice(0, firstHeld);
      await tx.query(`UPDATE reply_outbox SET attempts = attempts + 1, lease_until = now() + ($2::int * interval '1 millisecond') WHERE id = ANY($1)`, [
        free.map((row) => row.id),
        this.leaseMs,
      ]);
      return { rows: free.map((row) => toRow({ ...row, attempts: row.attempts + 1 })), held: free.length < r.rows.length };
    });
  }

  /** A delivery attempt failed: the row is given back (a later attempt of the job takes it again). */
  async release(id: number, error: string, permanent: boolean, tx: Queryable = this.db): Promise<void> {
    await tx.query(`UPDATE reply_outbox SET lease_until = now(), last_error = $2, status = CASE WHEN $3::boolean THEN 'failed' ELSE status END WHERE id = $1`, [
      id,
      error.slice(0, 2000),
      permanent,
    ]);
  }

  /** Conversations with rows left pending past their lease, each with its oldest such row and that row's attempts. */
  async stranded(limit = 100): Promise<{ conversation: string; firstId: number; attempts: number }[]> {
    const r = await this.db.query<{ conversation: string; first_id: string; attempts: number }>(
      `SELECT DISTINCT ON (conversation) conversation, id AS first_id, attempts FROM reply_outbox
       WHERE status = 'pending' AND via = 'outbox' AND lease_until < now() ORDER BY conversation, id LIMIT $1`,
      [limit],
    );
    return r.rows.map((row) => ({ conversation: row.conversation, firstId: Number(row.first_id), attempts: row.attempts }));
  }

  /**
   * Takes an undone question of the inbox over for the sweep: a new claim, so the handling that
   * looked dead cannot record its replies any more. Null when it is done or taken already.
   */
  async takeOverInbound(key: string, claim: string): Promise<Inbound | null> {
    const r = await this.db.query<{ inbound: Inbound }>(
      'UPDATE inbound_receipts SET claim = $2 WHERE key = $1 AND done_at IS NULL AND inbound IS NOT NULL RETURNING inbound',
      [key, claim],
    );
    return r.rows[0]?.inbound ?? null;
  }

  /** Undone questions of the inbox older than `afterMs`: their handling died or gave up. */
  async undoneInbound(afterMs: number, limit = 100): Promise<string[]> {
    const r = await this.db.query<{ key: string }>(
      `SELECT key FROM inbound_receipts WHERE inbound IS NOT NULL AND done_at IS NULL AND received_at < now() - ($1::int * interval '1 millisecond')
       ORDER BY received_at LIMIT $2`,
      [afterMs, limit],
    );
    return r.rows.map((row) => row.key);
  }

  /** Housekeeping: sent rows and finished jobs older than `olderThanMs` are deleted (bounded batches; failed ones stay for an operator). */
  async purge(olderThanMs: number, batch = 5000): Promise<{ replies: number; jobs: number }> {
    const replies = await this.db.query(
      `DELETE FROM reply_outbox WHERE id IN (SELECT id FROM reply_outbox WHERE status = 'sent' AND sent_at < now() - ($1::bigint * interval '1 millisecond') LIMIT $2)`,
      [olderThanMs, batch],
    );
    const jobs = await this.db.query(
      `DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status IN ('done', 'cancelled') AND finished_at < now() - ($1::bigint * interval '1 millisecond') LIMIT $2)`,
      [olderThanMs, batch],
    );
    return { replies: replies.rowCount, jobs: jobs.rowCount };
  }

  /**
   * The message an earlier attempt of a job posted (a responder card), when its post is on record:
   * a later attempt updates it instead of posting a second one. The post goes on record, as sent
   * with its message, in the statement that records the card (CaseStore.recordNotifiedMany).
   */
  async jobPosted(idemKey: string): Promise<string | null> {
    const r = await this.db.query<{ message_ref: string | null }>("SELECT message_ref FROM reply_outbox WHERE idem_key = $1 AND via = 'job'", [idemKey]);
    return r.rows[0]?.message_ref ?? null;
  }
}
