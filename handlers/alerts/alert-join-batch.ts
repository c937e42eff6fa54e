import type { Queryable } from '../../db/database.js';
import type { Category, Severity } from '../../knowledge/taxonomy.js';
import type { AlertSource, NormalizedAlert } from './alert-types.js';

/** One alert waiting to join its fingerprint's open group. */
export interface JoinRequest {
  source: AlertSource;
  alert: NormalizedAlert;
  fingerprint: string;
  replayKey: string | null;
}

/** What the joined case looked like when the alert joined it. */
export interface JoinedCase {
  caseId: number;
  number: string;
  severity: Severity | null;
  category: Category | null;
  state: string;
}

/**
 * What the batch statement did for one alert:
 * - `joined`: replay mark, alert row and group count stored; the alert is in that case;
 * - `duplicate`: its replay mark is stored but its id was stored meanwhile by another request (a resend);
 * - `undecided`: nothing stored for it (a new fingerprint, a stale group, a resend or a replay seen
 *   before): the intake transaction decides it.
 */
export type JoinResult = { kind: 'joined'; case: JoinedCase } | { kind: 'duplicate' } | { kind: 'undecided' };

export interface JoinBatchOptions {
  /** Grouping window of one fingerprint (ms). */
  windowMs: number;
  /** A new fingerprint joins the source's open case whose last alert is this recent (ms; 0 → off). */
  burstMs: number;
  /** Most alerts in one statement. */
  maxBatch?: number;
  /** Most batch statements in flight at once (per process). */
  maxInFlight?: number;
}

interface Waiting extends JoinRequest {
  resolve: (r: JoinResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Alerts that join an open group, many in one statement: while a statement is in flight, the
 * alerts that arrive wait and go together in the next one (one round trip and one commit for
 * all of them; at low load each alert still goes alone, at once). The statement is atomic: for
 * every alert it stores the replay mark, the alert row with its group and case, and adds the
 * batch's alerts to each group's count — all of it or nothing. Group rows are locked in id order
 * so that two batches (of this or another process) never wait on each other crosswise.
 * An alert whose replay key or id is already in the batch waits for the next one, so that every
 * answer of the statement belongs to exactly one request.
 */
export class AlertJoinBatcher {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Queryable,
    private readonly options: JoinBatchOptions,
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  join(request: JoinRequest): Promise<JoinResult> {
    return new Promise<JoinResult>((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      this.schedule();
    });
  }

  /** Flushes on the next turn of the event loop, so the alerts of one turn go together. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      this.run(batch)
        .catch((err: unknown) => {
          for (const w of batch) w.reject(err);
        })
        .finally(() => {
          this.inFlight--;
          this.schedule();
        });
    }
  }

  /** The next batch: up to maxBatch alerts, none sharing a replay key or an id with another. */
  private take(): Waiting[] {
    const batch: Waiting[] = [];
    const keys = new Set<string>();
    const rest: Waiting[] = [];
    for (const w of this.queue) {
      const idKey = `${w.source.id}\u0000id\u0000${w.alert.externalId}`;
      const replayKey = w.replayKey === null ? null : `${w.source.id}\u0000sig\u0000${w.replayKey}`;
      if (batch.length >= this.maxBatch || keys.has(idKey) || (replayKey !== null && keys.has(replayKey))) {
        rest.push(w);
        continue;
      }
      keys.add(idKey);
      if (replayKey !== null) keys.add(replayKey);
      batch.push(w);
    }
    this.queue.length = 0;
    this.queue.push(...rest);
    return batch;
  }

  /**
   * The batch statement; the alerts it left undecided for want of an open group get one (joined to
   * the source's burst case, when it has one) and go through the statement once more.
   */
  private async run(batch: Waiting[]): Promise<void> {
    const undecided = await this.runOnce(batch).catch((err: unknown) => {
      // Chosen to break a deadlock with another writer: the statement stored nothing; the transaction decides each alert.
      if (isLockConflict(err)) return batch;
      throw err;
    });
    if (undecided.length === 0 || this.options.burstMs <= 0) {
      for (const w of undecided) w.resolve({ kind: 'undecided' });
      return;
    }
    const found = await this.openBurstGroups(undecided);
    if (found === 0) {
      for (const w of undecided) w.resolve({ kind: 'undecided' });
      return;
    }
    const left = await this.runOnce(undecided).catch((err: unknown) => {
      if (isLockConflict(err)) return undecided;
      throw err;
    });
    for (const w of left) w.resolve({ kind: 'undecided' });
  }

  /**
   * Opens a group for each new fingerprint of a source that has an open, unsettled case with an
   * alert within the burst window: the group joins that case (a storm), with no alert yet — its
   * count is the number of its alert rows, which the next statement adds. A fingerprint whose
   * group is open but stale is left to the intake transaction (it closes it and opens anew).
   * Returns how many fingerprints have a burst case — not how many groups this statement opened:
   * two batches carrying the same new fingerprints at once open each group once, and the alerts
   * of both then join it (counting only this statement's inserts sent the other batch's alerts to
   * the intake transaction, one at a time under the source's lock).
   */
  private async openBurstGroups(items: Waiting[]): Promise<number> {
    const r = await this.db.query<{ found: number; opened: number }>(BURST_SQL, [
      items.map((w) => w.source.id),
      items.map((w) => w.source.tenantId),
      items.map((w) => w.fingerprint),
      this.options.burstMs / 1000,
    ]);
    return Number(r.rows[0]?.found ?? 0);
  }

  /**
   * Runs the batch statement and the burst statement with no alerts on `q` (they store nothing):
   * each connection parses and plans them once, at start, rather than while the first alerts wait.
   */
  async warm(q: Queryable): Promise<void> {
    await q.query(JOIN_SQL, [this.options.windowMs / 1000, [], [], [], [], [], [], [], [], [], [], [], [], [], []]);
    await q.query(BURST_SQL, [[], [], [], this.options.burstMs / 1000]);
  }

  /** One batch statement; resolves the alerts it decided, returns the others. */
  private async runOnce(batch: Waiting[]): Promise<Waiting[]> {
    const col = <T>(f: (w: Waiting) => T): T[] => batch.map(f);
    const r = await this.db.query<{
      i: number;
      replay_marked: boolean;
      inserted: boolean;
      case_id: string | null;
      number: string | null;
      severity: Severity | null;
      category: Category | null;
      state: string | null;
    }>(JOIN_SQL, [
      this.options.windowMs / 1000,
      batch.map((_, i) => i),
      col((w) => w.source.id),
      col((w) => w.source.tenantId),
      col((w) => w.alert.externalId),
      col((w) => w.fingerprint),
      col((w) => w.replayKey),
      col((w) => w.alert.severity),
      col((w) => w.alert.vendorSeverity),
      col((w) => w.alert.title),
      col((w) => w.alert.rule),
      col((w) => w.alert.host),
      col((w) => w.alert.user),
      col((w) => (w.alert.occurredAt ? w.alert.occurredAt.toISOString() : null)),
      col((w) => JSON.stringify(w.alert.raw)),
    ]);
    const byIndex = new Map(r.rows.map((row) => [Number(row.i), row]));
    const undecided: Waiting[] = [];
    batch.forEach((w, i) => {
      const row = byIndex.get(i);
      if (row?.inserted && row.case_id !== null && row.number !== null && row.state !== null) {
        w.resolve({ kind: 'joined', case: { caseId: Number(row.case_id), number: row.number, severity: row.severity, category: row.category, state: row.state } });
      } else if (row?.replay_marked) {
        // The mark is this request's; the alert row was not stored only because its id was there already.
        w.resolve({ kind: 'duplicate' });
      } else {
        undecided.push(w);
      }
    });
    return undecided;
  }
}

/** PostgreSQL chose the statement as a deadlock's victim (40P01) or a serialization failure (40001): nothing of it was stored. */
export function isLockConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * One statement for a batch of alerts ($2…$15 are parallel arrays, one element per alert):
 * `fresh` — the alerts whose fingerprint has an open group, seen within the window, whose case is
 * not settled and whose id is new (group rows locked in id order); `replay` — their replay marks
 * (a signature already there is a replay: its alert is not stored here); `ins` — the alert rows;
 * `bump` — each group's count grows by its alerts stored. The answer has a row per alert.
 */
const JOIN_SQL = `
WITH input AS (
  SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                       $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::text[])
    AS t(i, source_id, tenant_id, external_id, fingerprint, replay_key, severity, vendor_severity, title, rule, host, user_name, occurred_at, payload)
),
locked AS (
  SELECT g.id, g.case_id, g.source_id, g.fingerprint FROM alert_groups g
  WHERE (g.source_id, g.fingerprint) IN (SELECT source_id, fingerprint FROM input) AND g.open
    AND g.last_at > now() - make_interval(secs => $1)
  ORDER BY g.id FOR UPDATE
),
fresh AS (
  SELECT i.*, l.id AS group_id, l.case_id FROM input i
  JOIN locked l ON l.source_id = i.source_id AND l.fingerprint = i.fingerprint
  JOIN cases c ON c.id = l.case_id
  WHERE c.state NOT IN ('resolved', 'closed')
    AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.source_id = i.source_id AND a.external_id = i.external_id)
),
replay AS (
  INSERT INTO alert_replays (source_id, signature)
  SELECT source_id, replay_key FROM fresh WHERE replay_key IS NOT NULL
  ON CONFLICT DO NOTHING RETURNING source_id, signature
),
ins AS (
  INSERT INTO alerts (source_id, tenant_id, external_id, fingerprint, severity, vendor_severity, title, rule, host, user_name, occurred_at, payload, group_id, case_id)
  SELECT f.source_id, f.tenant_id, f.external_id, f.fingerprint, f.severity, f.vendor_severity, f.title, f.rule, f.host, f.user_name, f.occurred_at, f.payload::jsonb, f.group_id, f.case_id
  FROM fresh f
  WHERE f.replay_key IS NULL OR EXISTS (SELECT 1 FROM replay r WHERE r.source_id = f.source_id AND r.signature = f.replay_key)
  ON CONFLICT (source_id, external_id) DO NOTHING RETURNING source_id, external_id, group_id
),
bump AS (
  UPDATE alert_groups g SET count = g.count + n.n, last_at = now()
  FROM (SELECT group_id, count(*) AS n FROM ins GROUP BY group_id) n WHERE g.id = n.group_id
  RETURNING g.id
)
SELECT i.i,
  EXISTS (SELECT 1 FROM replay r WHERE r.source_id = i.source_id AND r.signature = i.replay_key) AS replay_marked,
  EXISTS (SELECT 1 FROM ins WHERE ins.source_id = i.source_id AND ins.external_id = i.external_id) AS inserted,
  f.case_id, c.number, c.severity, c.category, c.state
FROM input i
LEFT JOIN fresh f ON f.i = i.i
LEFT JOIN cases c ON c.id = f.case_id`;

/**
 * A group for each new fingerprint ($1…$3 parallel arrays) in its source's burst case, if it has one
 * ($4: the burst window in seconds). `found` counts the fingerprints that have a burst case, whether
 * this statement opened their group or another batch did at the same time (its insert then waited
 * for that one and did nothing): either way the next batch statement finds the group.
 */
const BURST_SQL = `WITH b AS (
   SELECT DISTINCT ON (i.source_id, i.fingerprint) i.source_id, i.tenant_id, i.fingerprint, b.case_id
   FROM unnest($1::text[], $2::text[], $3::text[]) AS i(source_id, tenant_id, fingerprint)
   CROSS JOIN LATERAL (
     SELECT g.case_id FROM alert_groups g JOIN cases c ON c.id = g.case_id
     WHERE g.source_id = i.source_id AND g.open AND g.last_at > now() - make_interval(secs => $4)
       AND c.state NOT IN ('resolved', 'closed')
     ORDER BY g.last_at DESC LIMIT 1
   ) b
 ),
 ins AS (
   INSERT INTO alert_groups (source_id, tenant_id, fingerprint, storm, case_id, count)
   SELECT b.source_id, b.tenant_id, b.fingerprint, true, b.case_id, 0 FROM b
   WHERE NOT EXISTS (SELECT 1 FROM alert_groups o WHERE o.source_id = b.source_id AND o.fingerprint = b.fingerprint AND o.open)
   ON CONFLICT (source_id, fingerprint) WHERE open DO NOTHING
   RETURNING 1
 )
 SELECT count(*)::int AS found, (SELECT count(*)::int FROM ins) AS opened FROM b`;
