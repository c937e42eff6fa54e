import crypto from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import { severityRank, type Category, type Severity } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { Actor, CaseRecord } from '../cases/case-types.js';
import { renotifyNow } from '../escalation/escalate-case.js';
import type { JobSpec } from '../jobs.js';
import type { HandlerServices } from '../services.js';
import { AlertRejectedError } from './alert-errors.js';
import { AlertJoinBatcher, isLockConflict } from './alert-join-batch.js';
import { alertOpenJob } from './alert-open.js';
import type { AlertSourceStore } from './alert-source-store.js';
import type { AlertSource, NormalizedAlert } from './alert-types.js';
import { t } from '../../core/i18n/t.js';

/** Grouping rules (README "Monitoring alerts"), from config. */
export interface AlertGrouping {
  /** An alert joins the open case of the same fingerprint when that group's last alert is this recent. Default 60 min. */
  windowMs: number;
  /**
   * A new fingerprint joins the source's open case whose last alert is this recent (a burst or a
   * storm is one incident: 200 alerts in a minute are one case with a count). 0 → off. Default 60 s.
   */
  burstMs: number;
}

export const DEFAULT_GROUPING: AlertGrouping = { windowMs: 60 * 60_000, burstMs: 60_000 };

/** What one request did: alerts stored, resends ignored, and the cases they are in. */
export interface IntakeOutcome {
  accepted: number;
  duplicates: number;
  cases: { number: string; opened: boolean }[];
}

const SYSTEM: Actor = { kind: 'system' };

/** A fingerprint's open group as the intake transaction found it. */
interface GroupState {
  id: string;
  /** Its last alert within the window and its case not settled. */
  fresh: boolean;
}

/** What joining an alert needs to know of its case. */
interface CaseBrief {
  number: string;
  severity: Severity | null;
  category: Category | null;
  state: string;
}

/** The fingerprint of an alert: source, rule and the host or user it names (case-insensitive). */
export function alertFingerprint(sourceId: string, a: Pick<NormalizedAlert, 'rule' | 'host' | 'user'>): string {
  const key = [sourceId, a.rule.trim().toLowerCase(), (a.host ?? '').trim().toLowerCase(), (a.user ?? '').trim().toLowerCase()].join('\u0000');
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 40);
}

/**
 * Monitoring alerts into cases. What one request stores is committed together or not at all:
 * an alert joining an open group goes in one statement (with the other alerts arriving at the
 * same time, see AlertJoinBatcher); anything else is one transaction — the replay mark, every
 * alert row, its group, and a new case with the vendor's severity, its `alert_received` event and
 * the durable `alert.open` job that triages, escalates and has the person at the machine told
 * (escalateOpenedAlertCase); the jobs are dispatched after the commit.
 */
export class AlertIntake {
  private readonly joins: AlertJoinBatcher;
  /** Per source, the intake transaction of a single alert under way in this process (its first alerts wait for it). */
  private readonly opening = new Map<string, Promise<void>>();

  constructor(
    private readonly services: HandlerServices,
    private readonly sources: AlertSourceStore,
    private readonly grouping: AlertGrouping = DEFAULT_GROUPING,
  ) {
    this.joins = new AlertJoinBatcher(services.db, { windowMs: grouping.windowMs, burstMs: grouping.burstMs });
  }

  /**
   * Readies the intake before the first alert (at start, before the HTTP server listens): holds
   * `connections` pooled connections at once (1 for the embedded database, which has one) so the
   * pool opens them all, and on each parses and plans the batch and burst statements (they run
   * with no alerts and store nothing); then runs the triage once (its patterns compile on first
   * use). Measured cold, these were most of the first second of a storm (README "Monitoring alerts").
   */
  async warm(connections: number): Promise<void> {
    const n = Math.max(1, Math.floor(connections));
    let arrived = 0;
    let allIn!: () => void;
    const together = new Promise<void>((resolve) => (allIn = resolve));
    // Another user of the pool may hold connections at start: warm what is free, do not wait for the rest.
    const giveUp = setTimeout(allIn, 2000);
    try {
      await Promise.all(
        Array.from({ length: n }, () =>
          this.services.db.transaction(async (tx) => {
            await this.joins.warm(tx);
            await this.sources.active('', tx);
            if (++arrived === n) allIn();
            await together;
          }),
        ),
      );
    } finally {
      clearTimeout(giveUp);
    }
    this.services.triager.triage({ text: 'Ransomware behaviour detected: files are being encrypted\nランサムウェアの挙動を検知しました' });
  }

  async ingest(source: AlertSource, alerts: NormalizedAlert[], replayKey: string | null): Promise<IntakeOutcome> {
    // Most alerts of a busy source join a group that is already open: they go together, one statement per batch.
    if (alerts.length === 1) {
      // While this process opens the source's case, its other alerts wait for that commit before
      // asking the database: before it they would find no group, and their statements would only
      // slow the opening down (on two cores this was most of a storm's first second).
      const before = this.opening.get(source.id);
      if (before) await before.catch(() => undefined);
      const joined = await this.joinOpenGroup(source, alerts[0]!, replayKey);
      if (joined) return joined;
      // The source's first alerts: while one of them opens its case here, the others wait for it and join.
      const opening = this.opening.get(source.id);
      if (opening && opening !== before) {
        await opening.catch(() => undefined);
        const then = await this.joinOpenGroup(source, alerts[0]!, replayKey);
        if (then) return then;
      }
    }
    if (alerts.length !== 1 || this.opening.has(source.id)) return this.ingestInTransaction(source, alerts, replayKey);
    // The others wait for the commit only (not for its jobs to be dispatched).
    let committed!: () => void;
    const opened = new Promise<void>((resolve) => (committed = resolve));
    this.opening.set(source.id, opened);
    const forget = () => {
      committed();
      if (this.opening.get(source.id) === opened) this.opening.delete(source.id);
    };
    const done = this.ingestInTransaction(source, alerts, replayKey, forget);
    done.catch(forget);
    return done;
  }

  /**
   * The fast path of one alert whose fingerprint has an open, fresh group: replay mark, alert row
   * (with its group and case) and the group's count, in the batch statement of AlertJoinBatcher.
   * Null when nothing was stored for it (a new fingerprint, a stale group, a resend, a replay):
   * the transaction below decides those.
   */
  private async joinOpenGroup(source: AlertSource, alert: NormalizedAlert, replayKey: string | null): Promise<IntakeOutcome | null> {
    const result = await this.joins.join({ source, alert, fingerprint: alertFingerprint(source.id, alert), replayKey });
    if (result.kind === 'duplicate') return { accepted: 0, duplicates: 1, cases: [] };
    if (result.kind === 'undecided') return null;
    const joined = result.case;
    if (joined.severity && severityRank(alert.severity) > severityRank(joined.severity)) {
      const raised: CaseRecord[] = [];
      await this.services.db.transaction((tx) => this.raiseIfMoreSevere(tx, joined.caseId, alert, raised));
      for (const c of raised) await this.renotify(c);
    }
    return { accepted: 1, duplicates: 0, cases: [{ number: joined.number, opened: false }] };
  }

  private async renotify(c: CaseRecord): Promise<void> {
    // A later alert more severe than its case: the waiting responders get a fresh card at once.
    await renotifyNow(this.services, c, { reason: 'device_alert' }).catch((err: unknown) =>
      this.services.logger.warn({ case: c.number, err: (err as Error).message }, 'could not re-notify after a device alert raised severity'),
    );
  }

  /** The transaction, then (once it committed) its jobs dispatched and raised cases re-notified. */
  private async ingestInTransaction(source: AlertSource, alerts: NormalizedAlert[], replayKey: string | null, onCommit?: () => void): Promise<IntakeOutcome> {
    // A deadlock victim stored nothing: once more, the other writer gone.
    const { specs, raised, outcome } = await this.commit(source, alerts, replayKey).catch((err: unknown) => {
      if (isLockConflict(err)) return this.commit(source, alerts, replayKey);
      throw err;
    });
    onCommit?.();
    await this.services.jobs.dispatch(specs);
    for (const c of raised) await this.renotify(c);
    return outcome;
  }

  private async commit(
    source: AlertSource,
    alerts: NormalizedAlert[],
    replayKey: string | null,
  ): Promise<{ specs: JobSpec[]; raised: CaseRecord[]; outcome: IntakeOutcome }> {
    const { services } = this;
    const specs: JobSpec[] = [];
    const raised: CaseRecord[] = [];
    const outcome: IntakeOutcome = { accepted: 0, duplicates: 0, cases: [] };
    await services.db.transaction(async (tx) => {
      specs.length = 0;
      raised.length = 0;
      outcome.accepted = 0;
      outcome.duplicates = 0;
      outcome.cases = [];
      // The open group of a single alert first, like the batch statement (group, then replay mark and alert row): the two never wait on each other crosswise.
      // The same statement reads whether that group is still fresh (place() needs it): one round trip.
      let current: GroupState | undefined;
      if (alerts.length === 1) current = await this.currentGroup(tx, source.id, alertFingerprint(source.id, alerts[0]!), true);
      if (replayKey) {
        const r = await tx.query(
          'INSERT INTO alert_replays (source_id, signature) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
          [source.id, replayKey],
        );
        if (r.rows.length === 0) throw new AlertRejectedError('ALERT_REPLAYED', 'This signed request was accepted before (replay refused)', 409);
      }
      // Several alerts in one request take the source's lock first, so two batches never wait on each other's rows.
      if (alerts.length > 1) await this.lockSource(tx, source.id);
      for (const alert of alerts) {
        const fingerprint = alertFingerprint(source.id, alert);
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO alerts (source_id, tenant_id, external_id, fingerprint, severity, vendor_severity, title, rule, host, user_name, occurred_at, payload)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (source_id, external_id) DO NOTHING RETURNING id`,
          [
            source.id,
            source.tenantId,
            alert.externalId,
            fingerprint,
            alert.severity,
            alert.vendorSeverity,
            alert.title,
            alert.rule,
            alert.host,
            alert.user,
            alert.occurredAt,
            JSON.stringify(alert.raw),
          ],
        );
        if (inserted.rows.length === 0) {
          outcome.duplicates++;
          continue;
        }
        outcome.accepted++;
        const alertId = Number(inserted.rows[0]!.id);
        const placed = await this.place(tx, source, alert, alertId, fingerprint, alerts.length > 1, specs, raised, current);
        if (!placed.opened) await tx.query('UPDATE alerts SET group_id = $2, case_id = $3 WHERE id = $1', [alertId, placed.groupId, placed.caseId]);
        if (!outcome.cases.some((c) => c.number === placed.number)) outcome.cases.push({ number: placed.number, opened: placed.opened });
      }
    });
    return { specs, raised, outcome };
  }

  /** Finds (or opens) the case of one new alert; returns its group and case (a case it opened: the alert row already points at both). */
  private async place(
    tx: Queryable,
    source: AlertSource,
    alert: NormalizedAlert,
    alertId: number,
    fingerprint: string,
    sourceLocked: boolean,
    specs: JobSpec[],
    raised: CaseRecord[],
    known?: GroupState,
  ): Promise<{ groupId: number; caseId: number; number: string; opened: boolean }> {
    // Close the fingerprint's group when its window ran out or its case was settled: the next alert opens anew.
    const existing = known ?? (await this.currentGroup(tx, source.id, fingerprint, false));
    if (existing && !existing.fresh) await tx.query('UPDATE alert_groups SET open = false WHERE id = $1 AND open', [existing.id]);
    // A new group may open a case: one at a time per source, so a burst finds the case the first alert opened.
    if ((!existing || !existing.fresh) && !sourceLocked) await this.lockSource(tx, source.id);
    // Joining returns what the case needs to know in the same statement (its number, severity, state).
    const up = await tx.query<{ id: string; case_id: string | null; created: boolean } & CaseBrief>(
      `INSERT INTO alert_groups AS g (source_id, tenant_id, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (source_id, fingerprint) WHERE open DO UPDATE SET count = g.count + 1, last_at = now()
       RETURNING g.id, g.case_id, (g.xmax = 0) AS created,
         (SELECT number FROM cases WHERE id = g.case_id) AS number, (SELECT severity FROM cases WHERE id = g.case_id) AS severity,
         (SELECT category FROM cases WHERE id = g.case_id) AS category, (SELECT state FROM cases WHERE id = g.case_id) AS state`,
      [source.id, source.tenantId, fingerprint],
    );
    const g = up.rows[0]!;
    const groupId = Number(g.id);
    if (!g.created && g.case_id !== null) {
      const caseId = Number(g.case_id);
      const number = await this.raiseIfMoreSevere(tx, caseId, alert, raised, g);
      return { groupId, caseId, number, opened: false };
    }
    // A burst: another kind of alert right after the source's last one belongs to that incident.
    if (this.grouping.burstMs > 0) {
      const burst = await tx.query<{ case_id: string }>(
        `SELECT g.case_id FROM alert_groups g JOIN cases c ON c.id = g.case_id
         WHERE g.source_id = $1 AND g.open AND g.id <> $2 AND g.last_at > now() - make_interval(secs => $3)
           AND c.state NOT IN ('resolved', 'closed')
         ORDER BY g.last_at DESC LIMIT 1`,
        [source.id, groupId, this.grouping.burstMs / 1000],
      );
      if (burst.rows[0]) {
        const caseId = Number(burst.rows[0].case_id);
        await tx.query('UPDATE alert_groups SET case_id = $2, storm = true WHERE id = $1', [groupId, caseId]);
        const number = await this.raiseIfMoreSevere(tx, caseId, alert, raised);
        return { groupId, caseId, number, opened: false };
      }
    }
    const c = await this.openCase(tx, source, alert, alertId, specs);
    // The group and the alert row point at the new case: one statement.
    await tx.query('WITH g AS (UPDATE alert_groups SET case_id = $3 WHERE id = $2) UPDATE alerts SET group_id = $2, case_id = $3 WHERE id = $1', [alertId, groupId, c.id]);
    return { groupId, caseId: c.id, number: c.number, opened: true };
  }

  /** The fingerprint's open group, if any, and whether it is fresh; `lock` locks its row (FOR UPDATE). */
  private async currentGroup(tx: Queryable, sourceId: string, fingerprint: string, lock: boolean): Promise<GroupState | undefined> {
    const r = await tx.query<{ id: string; fresh: boolean }>(
      `SELECT g.id, (g.last_at > now() - make_interval(secs => $3) AND c.state NOT IN ('resolved', 'closed')) AS fresh
       FROM alert_groups g LEFT JOIN cases c ON c.id = g.case_id WHERE g.source_id = $1 AND g.fingerprint = $2 AND g.open${lock ? ' FOR UPDATE OF g' : ''}`,
      [sourceId, fingerprint, this.grouping.windowMs / 1000],
    );
    return r.rows[0];
  }

  private async lockSource(tx: Queryable, sourceId: string): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('alert-source:' || $1))", [sourceId]);
  }

  /**
   * A new alert case, with only what the alerts joining it need: the person at the machine (or
   * the contact) as its asker, the vendor's severity (provisional: the `alert.open` job triages the
   * words, which may raise it), the `alert_received` event, and that job — recorded in this
   * transaction, so the case never exists without it. The job escalates the case and records the
   * message to the person (see escalateOpenedAlertCase).
   */
  private async openCase(
    tx: Queryable,
    source: AlertSource,
    alert: NormalizedAlert,
    alertId: number,
    specs: JobSpec[],
  ): Promise<CaseRecord> {
    const { services } = this;
    // Read in the transaction, like everything here (the embedded database has one connection, held by it).
    const person = await this.sources.personFor(source.tenantId, alert, tx);
    const askerId = person?.userId ?? source.contactUserId;
    const asker = await tx.query<{ lang: Lang }>('SELECT lang FROM users WHERE id = $1', [askerId]);
    const lang: Lang = asker.rows[0]?.lang ?? 'ja';
    const opened = await services.cases.create(
      {
        tenantId: source.tenantId,
        askerUserId: askerId,
        lang,
        channel: 'alert',
        // Until the person's chat thread exists (alert.notify), the case's thread names the alert.
        threadRef: `alert:${source.id}:${alert.externalId}`,
        question: t(lang, 'alert.question', { title: alert.title }) + (alert.host ? ` (${alert.host})` : alert.user ? ` (${alert.user})` : ''),
        severity: alert.severity,
        category: alert.category,
      },
      SYSTEM,
      tx,
      {
        events: [
          {
            type: 'alert_received',
            actor: SYSTEM,
            data: {
              via: 'device',
              source: source.id,
              sourceName: source.name,
              vendor: source.kind,
              alertId: alert.externalId,
              rule: alert.rule,
              title: alert.title,
              host: alert.host,
              user: alert.user,
              vendorSeverity: alert.vendorSeverity,
              severity: alert.severity,
              person: person ? { userId: person.userId, via: person.via } : { userId: source.contactUserId, via: 'contact' },
            },
          },
        ],
      },
    );
    const job = alertOpenJob(opened.id, alertId);
    await services.jobs.record(job, tx);
    specs.push(job);
    return opened;
  }

  /**
   * A joining alert above its case's severity raises the case (never lowers it: the statement
   * checks the severity it finds once the case's row is free, e.g. after the `alert.open` job).
   */
  private async raiseIfMoreSevere(tx: Queryable, caseId: number, alert: NormalizedAlert, raised: CaseRecord[], known?: CaseBrief): Promise<string> {
    const row =
      known?.number !== undefined && known.number !== null
        ? known
        : (await tx.query<CaseBrief>('SELECT number, severity, category, state FROM cases WHERE id = $1', [caseId])).rows[0]!;
    if (row.severity && severityRank(alert.severity) > severityRank(row.severity) && row.state !== 'resolved' && row.state !== 'closed') {
      const updated = await this.services.cases.raiseSeverity(
        caseId,
        { category: row.category ?? alert.category ?? 'malware', severity: alert.severity, data: { fromDevice: true, reason: 'device_alert', from: row.severity, alertId: alert.externalId } },
        SYSTEM,
        tx,
      );
      if (updated) raised.push(updated);
    }
    return row.number;
  }
}
