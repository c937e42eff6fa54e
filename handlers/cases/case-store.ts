import type { Database, Queryable } from '../../db/database.js';
import type { Category, Severity } from '../../knowledge/taxonomy.js';
import { CaseAlreadyClaimedError, CaseNotFoundError, IllegalTransitionError } from '../errors.js';
import { ACTION_EVENT, TRANSITIONS, type CaseAction } from './case-state-machine.js';
import type { Actor, CaseEvent, CaseRecord, NewCase } from './case-types.js';
import { jobRowsInsert, type JobSpec } from '../jobs.js';
import type { EscalationTier, ResponderGroup, Tenant } from '../directory/directory-types.js';

interface CaseRow {
  id: number;
  number: string;
  tenant_id: string;
  asker_user_id: string;
  lang: CaseRecord['lang'];
  channel: string;
  thread_ref: string;
  responder_thread_ref: string | null;
  state: CaseRecord['state'];
  category: Category | null;
  severity: Severity | null;
  question: string;
  assignee_user_id: string | null;
  escalation_tier: number;
  escalation_round: number;
  resolved_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function toCase(r: CaseRow): CaseRecord {
  return {
    id: Number(r.id),
    number: r.number,
    tenantId: r.tenant_id,
    askerUserId: r.asker_user_id,
    lang: r.lang,
    channel: r.channel,
    threadRef: r.thread_ref,
    responderThreadRef: r.responder_thread_ref,
    state: r.state,
    category: r.category,
    severity: r.severity,
    question: r.question,
    assigneeUserId: r.assignee_user_id,
    escalationTier: r.escalation_tier,
    escalationRound: r.escalation_round,
    resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
    version: r.version,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** Fields an action may set together with the state change. */
export interface TransitionPatch {
  assigneeUserId?: string | null;
  escalationTier?: number;
  responderThreadRef?: string;
}

export interface TransitionOptions {
  actor: Actor;
  /** Goes into the event row (reason, summary, who was notified …). */
  data?: Record<string, unknown>;
  patch?: TransitionPatch;
  /** Run inside the caller's transaction (to write a job in the same commit). */
  tx?: Queryable;
  /** More events after the transition's own, in the same statement (they are written only when it happens). */
  events?: PendingEvent[];
  /** Jobs the transition calls for, recorded in the same statement (only when it happens). */
  jobs?: JobSpec[];
  /**
   * The version the case must still be at: the caller built `events` and `jobs` from the case as
   * it read it (its round, its severity). When the case has changed since, tryTransition changes
   * nothing and returns null.
   */
  expectVersion?: number;
}

/** What a responder card is made of (CaseStore.getManyForCards). */
export interface CardRead {
  case: CaseRecord;
  events: CaseEvent[];
  tenant: Tenant | null;
  group: ResponderGroup | null;
}

/** An event written in the same statement as the change it records. */
export interface PendingEvent {
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
}

/**
 * `INSERT INTO case_events … SELECT … FROM <source>` for `events` in this order (the timeline
 * reads by id), with their values appended to `params`: one statement writes a case change
 * and its events together (a data-modifying WITH), so it is atomic without a transaction of
 * its own and costs one round trip instead of BEGIN, two or three statements and COMMIT.
 */
function eventsInsert(source: string, events: PendingEvent[], params: unknown[]): string {
  const tuples = events.map((e, i) => {
    params.push(e.actor.kind, e.actor.kind === 'user' ? e.actor.userId : null, e.type, JSON.stringify(e.data));
    const n = params.length;
    return `(${i}, $${n - 3}::text, $${n - 2}::text, $${n - 1}::text, $${n}::jsonb)`;
  });
  return `INSERT INTO case_events (case_id, actor_kind, actor_user_id, type, data)
    SELECT s.id, v.kind, v.user_id, v.type, v.data FROM ${source} s CROSS JOIN (VALUES ${tuples.join(', ')}) AS v(ord, kind, user_id, type, data) ORDER BY v.ord
    RETURNING id, type, at`;
}

/** The events the statement wrote (its `e` query), for CaseStore.onEvents. */
const WRITTEN = `(SELECT coalesce(json_agg(json_build_object('id', id, 'type', type, 'at', at) ORDER BY id), '[]'::json) FROM e) AS written`;

/** The `written` column of a statement that wrote events. */
type Written = { written: { id: number; type: string; at: string }[] };

/** An event as written, for whoever watches the timeline (metrics). */
export interface WrittenEvent {
  id: number;
  type: string;
  at: Date;
}

const toWritten = (rows: { id: number; type: string; at: string }[] | undefined): WrittenEvent[] =>
  (rows ?? []).map((w) => ({ id: Number(w.id), type: w.type, at: new Date(w.at) }));

/** The events of case `c` (in a query over `cases c`), oldest first, as a JSON array of event rows. */
const EVENTS_OF_CASE = `(SELECT coalesce(json_agg(json_build_object('id', e.id, 'case_id', e.case_id, 'at', e.at, 'actor_kind', e.actor_kind,
  'actor_user_id', e.actor_user_id, 'type', e.type, 'data', e.data) ORDER BY e.id), '[]'::json) FROM case_events e WHERE e.case_id = c.id)`;

const COLUMNS = `id, number, tenant_id, asker_user_id, lang, channel, thread_ref, responder_thread_ref, state,
  category, severity, question, assignee_user_id, escalation_tier, escalation_round, resolved_at, version, created_at, updated_at`;

/** The statement of CaseStore.tryTransitionMany: its cases, events and jobs as three JSON arrays (one text, prepared once). */
const MANY_TRANSITIONS = `WITH i AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, case_id bigint, to_state text, from_states text[],
     set_assignee boolean, assignee text, tier int, thread_ref text, version int)),
   u AS (UPDATE cases c SET state = i.to_state, version = c.version + 1, updated_at = now(),
       assignee_user_id = CASE WHEN i.set_assignee THEN i.assignee ELSE c.assignee_user_id END,
       escalation_tier = COALESCE(i.tier, c.escalation_tier),
       responder_thread_ref = COALESCE(i.thread_ref, c.responder_thread_ref),
       escalation_round = CASE WHEN i.to_state = 'escalated' THEN c.escalation_round + 1 ELSE c.escalation_round END,
       resolved_at = CASE WHEN i.to_state = 'resolved' THEN now() WHEN i.to_state = 'escalated' THEN NULL ELSE c.resolved_at END
     FROM i WHERE c.id = i.case_id AND c.state = ANY(i.from_states) AND (i.version IS NULL OR c.version = i.version)
     RETURNING i.ord, ${COLUMNS.split(',').map((col) => `c.${col.trim()}`).join(', ')}),
   ev AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(ord int, seq int, kind text, user_id text, type text, data jsonb)),
   e AS (INSERT INTO case_events (case_id, actor_kind, actor_user_id, type, data)
     SELECT u.id, ev.kind, ev.user_id, ev.type, ev.data FROM u JOIN ev ON ev.ord = u.ord ORDER BY u.ord, ev.seq
     RETURNING id, case_id, type, at),
   jv AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(ord int, id text, name text, payload jsonb, run_at timestamptz)),
   j AS (INSERT INTO jobs (id, name, payload, run_at) SELECT jv.id, jv.name, jv.payload, jv.run_at FROM u JOIN jv ON jv.ord = u.ord
     ON CONFLICT (id) DO NOTHING),
   w AS MATERIALIZED (SELECT case_id, json_agg(json_build_object('id', id, 'type', type, 'at', at) ORDER BY id) AS written FROM e GROUP BY case_id)
   SELECT u.*, coalesce(w.written, '[]'::json) AS written FROM u LEFT JOIN w ON w.case_id = u.id`;

/**
 * The statement of CaseStore.recordNotifiedMany: per card its thread remembered (the first one
 * stays), its outbox row written as sent with the posted message (or an earlier attempt's row
 * marked so) when it has one, its event written, its job marked done when
 * nothing is left for it to do (no asker message since the escalation to relay: the same rule the
 * notify job applies to the timeline returned), and the timeline as it was before the event read
 * back (the reads see the snapshot the statement started from).
 */
const MANY_NOTIFIED = `WITH i AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, case_id bigint, ref text, data jsonb,
     outbox_key text, outbox_to text, outbox_reply jsonb, message_ref text, job_id text)),
   u AS (UPDATE cases c SET responder_thread_ref = COALESCE(c.responder_thread_ref, i.ref) FROM i WHERE c.id = i.case_id RETURNING i.ord, c.id),
   o AS (INSERT INTO reply_outbox (idem_key, conversation, to_ref, reply, via, status, sent_at, message_ref)
     SELECT i.outbox_key, i.outbox_to, i.outbox_to, i.outbox_reply, 'job', 'sent', now(), i.message_ref FROM i WHERE i.outbox_key IS NOT NULL
     ON CONFLICT (idem_key) DO UPDATE SET status = 'sent', sent_at = now(), message_ref = coalesce(EXCLUDED.message_ref, reply_outbox.message_ref),
       attempts = reply_outbox.attempts + 1),
   e AS (INSERT INTO case_events (case_id, actor_kind, actor_user_id, type, data)
     SELECT u.id, 'system', NULL, 'responders_notified', i.data FROM u JOIN i ON i.ord = u.ord ORDER BY u.ord
     RETURNING id, case_id, type, at),
   d AS (UPDATE jobs j SET status = 'done', finished_at = now(), lease_until = NULL, lease_token = NULL
     FROM u JOIN i ON i.ord = u.ord
     WHERE j.id = i.job_id AND j.status = 'running' AND NOT EXISTS (SELECT 1 FROM case_events x WHERE x.case_id = u.id AND x.type = 'asker_message'
       AND x.id > coalesce((SELECT max(y.id) FROM case_events y WHERE y.case_id = u.id AND y.data->>'state' = 'escalated'), 0))
     RETURNING j.id),
   w AS MATERIALIZED (SELECT case_id, json_agg(json_build_object('id', id, 'type', type, 'at', at) ORDER BY id) AS written FROM e GROUP BY case_id)
   SELECT u.ord, u.id, ${EVENTS_OF_CASE.replaceAll('c.id', 'u.id')} AS events,
     coalesce(w.written, '[]'::json) AS written, EXISTS (SELECT 1 FROM d WHERE d.id = i.job_id) AS done
   FROM u JOIN i ON i.ord = u.ord LEFT JOIN w ON w.case_id = u.id`;

/**
 * Cases and their append-only timeline. Every change writes its event row in
 * the same transaction, so the timeline can never disagree with the case.
 */
export class CaseStore {
  constructor(private readonly db: Database) {}

  /** Opens a case (its `opened` event, then `also.events`, in the same statement). */
  async create(input: NewCase, actor: Actor, tx?: Queryable, also: { events?: PendingEvent[] } = {}): Promise<CaseRecord> {
    const params: unknown[] = [input.tenantId, input.askerUserId, input.lang, input.channel, input.threadRef, input.question, input.severity ?? null, input.category ?? null];
    const events = eventsInsert('c', [{ type: 'opened', actor, data: { question: input.question, channel: input.channel } }, ...(also.events ?? [])], params);
    const q = tx ?? this.db;
    const r = await q.query<CaseRow & Written>(
      `WITH c AS (INSERT INTO cases (tenant_id, asker_user_id, lang, channel, thread_ref, question, severity, category)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}),
       e AS (${events})
       SELECT ${COLUMNS}, ${WRITTEN} FROM c`,
      params,
    );
    const created = toCase(r.rows[0]!);
    await this.onEvents(created, toWritten(r.rows[0]!.written), q);
    return created;
  }

  async get(id: number, q: Queryable = this.db): Promise<CaseRecord> {
    const r = await q.query<CaseRow>(`SELECT ${COLUMNS} FROM cases WHERE id = $1`, [id]);
    if (!r.rows[0]) throw new CaseNotFoundError(String(id));
    return toCase(r.rows[0]);
  }

  /** The case and its timeline in one read. */
  async getWithEvents(id: number): Promise<{ case: CaseRecord; events: CaseEvent[] }> {
    const r = await this.db.query<CaseRow & { events: EventRow[] }>(
      `SELECT ${COLUMNS}, ${EVENTS_OF_CASE} AS events FROM cases c WHERE id = $1`,
      [id],
    );
    if (!r.rows[0]) throw new CaseNotFoundError(String(id));
    return { case: toCase(r.rows[0]), events: r.rows[0].events.map(toEvent) };
  }

  /**
   * A card posted to the responders: their thread remembered (the first one stays) and the
   * event written, in one statement that also returns the timeline as it was before the event.
   */
  async recordNotified(caseId: number, responderThreadRef: string, data: Record<string, unknown>): Promise<CaseEvent[]> {
    const params: unknown[] = [caseId, responderThreadRef];
    const events = eventsInsert('u', [{ type: 'responders_notified', actor: { kind: 'system' }, data }], params);
    const r = await this.db.query<{ events: EventRow[] } & Written>(
      `WITH u AS (UPDATE cases SET responder_thread_ref = COALESCE(responder_thread_ref, $2) WHERE id = $1 RETURNING id),
       e AS (${events})
       SELECT ${EVENTS_OF_CASE} AS events, ${WRITTEN} FROM cases c WHERE id = $1`,
      params,
    );
    await this.onEvents({ id: caseId }, toWritten(r.rows[0]?.written), this.db);
    return (r.rows[0]?.events ?? []).map(toEvent);
  }

  /**
   * What a responder card needs, for several cases in one read (the cards of a burst): each case
   * with its timeline, its tenant and the responder group the tenant routes to. A case that is
   * gone is absent; a tenant without a row comes back null (its group then too).
   */
  async getManyForCards(ids: readonly number[]): Promise<Map<number, CardRead>> {
    const r = await this.db.query<
      CaseRow & { events: EventRow[]; tenant_name: string | null; g_id: string | null; g_name: string; g_destination: string; g_tiers: EscalationTier[]; g_lang: ResponderGroup['lang'] }
    >(
      `SELECT ${COLUMNS.split(',').map((col) => `c.${col.trim()}`).join(', ')}, ${EVENTS_OF_CASE} AS events, t.name AS tenant_name,
         g.id AS g_id, g.name AS g_name, g.destination AS g_destination, g.tiers AS g_tiers, g.lang AS g_lang
       FROM cases c LEFT JOIN tenants t ON t.id = c.tenant_id LEFT JOIN tenant_routes r ON r.tenant_id = t.id LEFT JOIN responder_groups g ON g.id = r.group_id
       WHERE c.id = ANY($1::bigint[])`,
      [[...new Set(ids)]],
    );
    const out = new Map<number, CardRead>();
    for (const row of r.rows) {
      const c = toCase(row);
      out.set(c.id, {
        case: c,
        events: row.events.map(toEvent),
        tenant: row.tenant_name === null ? null : { id: c.tenantId, name: row.tenant_name },
        group: row.g_id === null ? null : { id: row.g_id, name: row.g_name, destination: row.g_destination, tiers: row.g_tiers, lang: row.g_lang },
      });
    }
    return out;
  }

  /**
   * recordNotified for several cards in one statement (the cards of a burst), each with the timeline
   * as it was before its event; `outboxSent` also puts the card's post on record in the outbox as sent,
   * with its message (platforms that cannot read their posts back), in the same statement, and `jobId` the notify job done when no
   * asker message since the escalation waits to be relayed (`done`; else the job relays them and is
   * completed by its runner as usual). A case named twice is recorded by two statements, one after the other.
   */
  async recordNotifiedMany(
    items: { caseId: number; responderThreadRef: string; data: Record<string, unknown>; outboxSent?: { key: string; to: string; card: unknown; messageRef: string | null }; jobId?: string }[],
  ): Promise<{ events: CaseEvent[]; done: boolean }[]> {
    const seen = new Set<number>();
    const first: number[] = [];
    const repeats: number[] = [];
    items.forEach((item, i) => {
      (seen.has(item.caseId) ? repeats : first).push(i);
      seen.add(item.caseId);
    });
    const out: { events: CaseEvent[]; done: boolean }[] = items.map(() => ({ events: [], done: false }));
    const run = async (ords: number[]) => {
      const input = ords.map((ord) => {
        const item = items[ord]!;
        return {
          ord,
          case_id: item.caseId,
          ref: item.responderThreadRef,
          data: item.data,
          outbox_key: item.outboxSent?.key ?? null,
          outbox_to: item.outboxSent?.to ?? null,
          outbox_reply: item.outboxSent ? { card: item.outboxSent.card } : null,
          message_ref: item.outboxSent?.messageRef ?? null,
          job_id: item.jobId ?? null,
        };
      });
      const r = await this.db.query<{ ord: number; id: number; events: EventRow[]; written: { id: number; type: string; at: string }[]; done: boolean }>(MANY_NOTIFIED, [
        JSON.stringify(input),
      ]);
      for (const row of r.rows) {
        out[row.ord] = { events: row.events.map(toEvent), done: row.done };
        await this.onEvents({ id: Number(row.id) }, toWritten(row.written), this.db);
      }
    };
    if (first.length) await run(first);
    for (const i of repeats) await run([i]);
    return out;
  }

  async findByNumber(number: string): Promise<CaseRecord | null> {
    const r = await this.db.query<CaseRow>(`SELECT ${COLUMNS} FROM cases WHERE number = $1`, [number.toUpperCase()]);
    return r.rows[0] ? toCase(r.rows[0]) : null;
  }

  /** The case a thread belongs to (asker's or responders' thread), if any. */
  async findByThread(threadRef: string): Promise<CaseRecord | null> {
    const r = await this.db.query<CaseRow>(
      `SELECT ${COLUMNS} FROM cases WHERE thread_ref = $1 OR responder_thread_ref = $1 LIMIT 1`,
      [threadRef],
    );
    return r.rows[0] ? toCase(r.rows[0]) : null;
  }

  async listByTenant(tenantId: string, states?: readonly string[]): Promise<CaseRecord[]> {
    const r = await this.db.query<CaseRow>(
      `SELECT ${COLUMNS} FROM cases WHERE tenant_id = $1 AND ($2::text[] IS NULL OR state = ANY($2)) ORDER BY id DESC`,
      [tenantId, states ?? null],
    );
    return r.rows.map(toCase);
  }

  /**
   * Applies `action` atomically: the UPDATE only matches while the case is in
   * one of the allowed states, so of many concurrent claims exactly one wins.
   */
  async transition(caseId: number, action: CaseAction, options: TransitionOptions): Promise<CaseRecord> {
    const q = options.tx ?? this.db;
    const updated = await this.tryTransition(caseId, action, options);
    if (updated) return updated;
    const current = await this.get(caseId, q);
    if (action === 'claim' && current.state === 'claimed') {
      const holder = await q.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [current.assigneeUserId]);
      throw new CaseAlreadyClaimedError(current.number, current.assigneeUserId, holder.rows[0]?.display_name ?? null);
    }
    throw new IllegalTransitionError(current.number, current.state, action);
  }

  /**
   * The transition, its events and its jobs in one statement (one round trip, atomic without a
   * transaction of its own); null when the case is not in a state the action starts from (or
   * not in `expectRound`), and then nothing was written.
   */
  async tryTransition(caseId: number, action: CaseAction, options: TransitionOptions): Promise<CaseRecord | null> {
    const { from, to } = TRANSITIONS[action];
    const q = options.tx ?? this.db;
    const patch = options.patch ?? {};
    const params: unknown[] = [
      caseId,
      to,
      from,
      'assigneeUserId' in patch,
      patch.assigneeUserId ?? null,
      patch.escalationTier ?? null,
      patch.responderThreadRef ?? null,
    ];
    let version = '';
    if (options.expectVersion !== undefined) {
      params.push(options.expectVersion);
      version = ` AND version = $${params.length}::int`;
    }
    const events = eventsInsert('u', [{ type: ACTION_EVENT[action], actor: options.actor, data: { ...options.data, state: to } }, ...(options.events ?? [])], params);
    const jobs = options.jobs?.length ? `, j AS (${jobRowsInsert('u', options.jobs, params)})` : '';
    // The UPDATE only matches from an allowed state; the events and jobs are written only when it did.
    const r = await q.query<CaseRow & Written>(
      `WITH u AS (UPDATE cases SET state = $2, version = version + 1, updated_at = now(),
           assignee_user_id = CASE WHEN $4::boolean THEN $5 ELSE assignee_user_id END,
           escalation_tier = COALESCE($6, escalation_tier),
           responder_thread_ref = COALESCE($7, responder_thread_ref),
           escalation_round = CASE WHEN $2 = 'escalated' THEN escalation_round + 1 ELSE escalation_round END,
           resolved_at = CASE WHEN $2 = 'resolved' THEN now() WHEN $2 = 'escalated' THEN NULL ELSE resolved_at END
         WHERE id = $1 AND state = ANY($3::text[])${version} RETURNING ${COLUMNS}),
       e AS (${events})${jobs}
       SELECT ${COLUMNS}, ${WRITTEN} FROM u`,
      params,
    );
    if (!r.rows[0]) return null;
    const updated = toCase(r.rows[0]);
    await this.onEvents(updated, toWritten(r.rows[0].written), q);
    return updated;
  }

  /**
   * Several transitions (of different cases) in one statement: group commit for a burst (an
   * incident desk's escalations arrive together). Each item is exactly what tryTransition would
   * do for it: the case changes only from an allowed state (and at `expectVersion`), and its
   * events and jobs are written only when it did; the statement is atomic, so either every
   * change that matched is written with its events and jobs or nothing is. Null for an item
   * whose case did not match. A case named twice is applied once in the statement and the
   * repeats one after the other afterwards (as tryTransition calls racing would be). Items must
   * not carry `tx` (the statement runs on its own).
   */
  async tryTransitionMany(items: { caseId: number; action: CaseAction; options: TransitionOptions }[]): Promise<(CaseRecord | null)[]> {
    if (items.length === 1) return [await this.tryTransition(items[0]!.caseId, items[0]!.action, items[0]!.options)];
    const seen = new Set<number>();
    const first: number[] = [];
    const repeats: number[] = [];
    items.forEach((item, i) => {
      if (item.options.tx) throw new Error('tryTransitionMany runs on its own connection: no tx');
      (seen.has(item.caseId) ? repeats : first).push(i);
      seen.add(item.caseId);
    });
    const cases: unknown[] = [];
    const events: unknown[] = [];
    const jobs: unknown[] = [];
    for (const ord of first) {
      const { caseId, action, options } = items[ord]!;
      const { from, to } = TRANSITIONS[action];
      const patch = options.patch ?? {};
      cases.push({
        ord,
        case_id: caseId,
        to_state: to,
        from_states: from,
        set_assignee: 'assigneeUserId' in patch,
        assignee: patch.assigneeUserId ?? null,
        tier: patch.escalationTier ?? null,
        thread_ref: patch.responderThreadRef ?? null,
        version: options.expectVersion ?? null,
      });
      const all: PendingEvent[] = [{ type: ACTION_EVENT[action], actor: options.actor, data: { ...options.data, state: to } }, ...(options.events ?? [])];
      all.forEach((e, seq) => events.push({ ord, seq, kind: e.actor.kind, user_id: e.actor.kind === 'user' ? e.actor.userId : null, type: e.type, data: e.data }));
      for (const spec of options.jobs ?? []) jobs.push({ ord, id: spec.id, name: spec.name, payload: spec.payload, run_at: spec.runAt.toISOString() });
    }
    const r = await this.db.query<CaseRow & Written & { ord: number }>(MANY_TRANSITIONS, [JSON.stringify(cases), JSON.stringify(events), JSON.stringify(jobs)]);
    const out: (CaseRecord | null)[] = items.map(() => null);
    for (const row of r.rows) {
      const updated = toCase(row);
      out[row.ord] = updated;
      await this.onEvents(updated, toWritten(row.written), this.db);
    }
    for (const i of repeats) out[i] = await this.tryTransition(items[i]!.caseId, items[i]!.action, items[i]!.options);
    return out;
  }

  /**
   * Records a triage verdict (category, severity) and its reasons, in one statement with
   * `also`: more events after the verdict's (the advice given) and a knowledge-base gap.
   */
  async recordTriage(
    caseId: number,
    verdict: { category: Category; severity: Severity; data?: Record<string, unknown> },
    actor: Actor,
    tx?: Queryable,
    also: { events?: PendingEvent[]; kbGap?: { lang: string; category: string | null; reason: 'no_answer' } } = {},
  ): Promise<CaseRecord> {
    const params: unknown[] = [caseId, verdict.category, verdict.severity];
    const events = eventsInsert('u', [{ type: 'triaged', actor, data: { category: verdict.category, severity: verdict.severity, ...verdict.data } }, ...(also.events ?? [])], params);
    let gap = '';
    if (also.kbGap) {
      params.push(also.kbGap.lang, also.kbGap.category, also.kbGap.reason);
      const n = params.length;
      gap = `, g AS (INSERT INTO kb_gaps (tenant_id, case_id, lang, question, category, reason) SELECT tenant_id, id, $${n - 2}::text, question, $${n - 1}::text, $${n}::text FROM u)`;
    }
    const q = tx ?? this.db;
    const updated = await this.writeCase(
      q,
      `WITH u AS (UPDATE cases SET category = $2, severity = $3, version = version + 1, updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}),
       e AS (${events})${gap}
       SELECT ${COLUMNS}, ${WRITTEN} FROM u`,
      params,
    );
    if (!updated) throw new CaseNotFoundError(String(caseId));
    return updated;
  }

  /**
   * One statement that updates a case (`u`) and writes its events beside it, returning the case's
   * columns and what was written: the case as it now is, after the events' listeners heard of them.
   * Null when the update matched no row (and so nothing was written).
   */
  private async writeCase(q: Queryable, sql: string, params: unknown[]): Promise<CaseRecord | null> {
    const r = await q.query<CaseRow & Written>(sql, params);
    if (!r.rows[0]) return null;
    const updated = toCase(r.rows[0]);
    await this.onEvents(updated, toWritten(r.rows[0].written), q);
    return updated;
  }

  /**
   * A later verdict that may only raise the case's severity (a device alert more severe than its
   * case): written, with its `triaged` event, only when the case has a severity, ranks below
   * `verdict.severity` and is not resolved or closed — checked by the statement itself, after
   * any writer holding the case's row is done, so two raises (or a raise and the alert case's
   * triage job) never lower it. Null when nothing was written.
   */
  async raiseSeverity(
    caseId: number,
    verdict: { category: Category; severity: Severity; data?: Record<string, unknown> },
    actor: Actor,
    tx?: Queryable,
  ): Promise<CaseRecord | null> {
    const params: unknown[] = [caseId, verdict.category, verdict.severity];
    const events = eventsInsert('u', [{ type: 'triaged', actor, data: { category: verdict.category, severity: verdict.severity, ...verdict.data } }], params);
    const q = tx ?? this.db;
    return this.writeCase(
      q,
      `WITH u AS (UPDATE cases SET category = $2, severity = $3, version = version + 1, updated_at = now()
         WHERE id = $1 AND severity IS NOT NULL AND state NOT IN ('resolved', 'closed')
           AND array_position(ARRAY['low', 'medium', 'high', 'critical'], severity) < array_position(ARRAY['low', 'medium', 'high', 'critical'], $3::text)
         RETURNING ${COLUMNS}),
       e AS (${events})
       SELECT ${COLUMNS}, ${WRITTEN} FROM u`,
      params,
    );
  }

  /**
   * A responder's correction of the triage verdict: the case takes the new category and
   * severity, and the timeline keeps what it was, what it became and why.
   */
  async reclassify(
    caseId: number,
    correction: { category: Category; severity: Severity; reason: string },
    actor: Actor,
  ): Promise<{ before: CaseRecord; after: CaseRecord }> {
    return this.inTx(undefined, async (q) => {
      const prev = await q.query<CaseRow>(`SELECT ${COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
      if (!prev.rows[0]) throw new CaseNotFoundError(String(caseId));
      const before = toCase(prev.rows[0]);
      const r = await q.query<CaseRow>(
        `UPDATE cases SET category = $2, severity = $3, version = version + 1, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [caseId, correction.category, correction.severity],
      );
      await this.appendEvent(
        caseId,
        'reclassified',
        actor,
        { from: { category: before.category, severity: before.severity }, to: { category: correction.category, severity: correction.severity }, reason: correction.reason },
        q,
      );
      return { before, after: toCase(r.rows[0]!) };
    });
  }

  /**
   * Moves an unclaimed escalation to its next notification step. Matches only
   * the expected round and step, so a late or duplicated timer changes nothing.
   */
  async advanceTier(caseId: number, round: number, fromStep: number, data: Record<string, unknown>, tx: Queryable): Promise<CaseRecord | null> {
    const params: unknown[] = [caseId, round, fromStep];
    const events = eventsInsert('u', [{ type: 'tier_advanced', actor: { kind: 'system' }, data: { round, from: fromStep, to: fromStep + 1, ...data } }], params);
    return this.writeCase(
      tx,
      `WITH u AS (UPDATE cases SET escalation_tier = escalation_tier + 1, version = version + 1, updated_at = now()
         WHERE id = $1 AND state = 'escalated' AND escalation_round = $2 AND escalation_tier = $3 RETURNING ${COLUMNS}),
       e AS (${events})
       SELECT ${COLUMNS}, ${WRITTEN} FROM u`,
      params,
    );
  }

  /** Remembers the responders' thread of the case (first card posted), for relaying. */
  async setResponderThread(caseId: number, ref: string, q: Queryable = this.db): Promise<void> {
    await q.query('UPDATE cases SET responder_thread_ref = COALESCE(responder_thread_ref, $2) WHERE id = $1', [caseId, ref]);
  }

  /** Changes the holder of a claimed case without changing its state. */
  async reassign(caseId: number, toUserId: string, actor: Actor, tx?: Queryable): Promise<CaseRecord> {
    return this.inTx(tx, async (q) => {
      const r = await q.query<CaseRow>(
        `UPDATE cases SET assignee_user_id = $2, version = version + 1, updated_at = now()
         WHERE id = $1 AND state = 'claimed' RETURNING ${COLUMNS}`,
        [caseId, toUserId],
      );
      if (!r.rows[0]) {
        const current = await this.get(caseId, q);
        throw new IllegalTransitionError(current.number, current.state, 'claim');
      }
      await this.appendEvent(caseId, 'reassigned', actor, { to: toUserId }, q);
      return toCase(r.rows[0]);
    });
  }

  async appendEvent(
    caseId: number,
    type: string,
    actor: Actor,
    data: Record<string, unknown> = {},
    q: Queryable = this.db,
  ): Promise<CaseEvent> {
    const r = await q.query<EventRow>(
      `INSERT INTO case_events (case_id, actor_kind, actor_user_id, type, data)
       VALUES ($1, $2, $3, $4, $5) RETURNING id, case_id, at, actor_kind, actor_user_id, type, data`,
      [caseId, actor.kind, actor.kind === 'user' ? actor.userId : null, type, JSON.stringify(data)],
    );
    const event = toEvent(r.rows[0]!);
    await this.onEvents({ id: caseId }, [{ id: event.id, type: event.type, at: event.at }], q);
    return event;
  }

  /**
   * Told every event as it is written (by appendEvent or with a change, in the same connection
   * and transaction), with the case as the change left it when there is one: a subclass
   * watches the timeline here (metrics). Nothing by default.
   */
  protected async onEvents(_c: Pick<CaseRecord, 'id'> & Partial<CaseRecord>, _written: WrittenEvent[], _q: Queryable): Promise<void> {}


  async events(caseId: number): Promise<CaseEvent[]> {
    const r = await this.db.query<EventRow>(
      'SELECT id, case_id, at, actor_kind, actor_user_id, type, data FROM case_events WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    return r.rows.map(toEvent);
  }

  private inTx<T>(tx: Queryable | undefined, work: (q: Queryable) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.db.transaction(work);
  }
}

interface EventRow {
  id: number;
  case_id: number;
  at: Date;
  actor_kind: Actor['kind'];
  actor_user_id: string | null;
  type: string;
  data: Record<string, unknown>;
}

function toEvent(r: EventRow): CaseEvent {
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    at: new Date(r.at),
    actorKind: r.actor_kind,
    actorUserId: r.actor_user_id,
    type: r.type,
    data: r.data,
  };
}
