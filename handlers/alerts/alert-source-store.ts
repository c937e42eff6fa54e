import type { Database, Queryable } from '../../db/database.js';
import { AlertSourceError } from './alert-errors.js';
import type { AlertAuthKind, AlertSource, AlertSourceKind } from './alert-types.js';

interface SourceRow {
  id: string;
  tenant_id: string;
  name: string;
  kind: AlertSourceKind;
  auth: AlertAuthKind;
  secret: string;
  previous_secret: string | null;
  previous_valid_until: Date | null;
  contact_user_id: string;
  created_at: Date;
  rotated_at: Date | null;
  removed_at: Date | null;
}

const COLUMNS = 'id, tenant_id, name, kind, auth, secret, previous_secret, previous_valid_until, contact_user_id, created_at, rotated_at, removed_at';

const toSource = (r: SourceRow): AlertSource => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  kind: r.kind,
  auth: r.auth,
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousValidUntil: r.previous_valid_until ? new Date(r.previous_valid_until) : null,
  contactUserId: r.contact_user_id,
  createdAt: new Date(r.created_at),
  rotatedAt: r.rotated_at ? new Date(r.rotated_at) : null,
  removedAt: r.removed_at ? new Date(r.removed_at) : null,
});

export interface NewAlertSource {
  id: string;
  tenantId: string;
  name: string;
  kind: AlertSourceKind;
  auth: AlertAuthKind;
  /** Stored form of the secret (the caller seals or hashes it). */
  secret: string;
  contactUserId: string;
}

/** A source with what it has brought in so far (operator and admin listings). */
export interface AlertSourceSummary extends AlertSource {
  alertCount: number;
  lastAlertAt: Date | null;
  openCases: { number: string; alerts: number; storm: boolean }[];
}

/** The sources of monitoring alerts, and which person the names in alerts belong to. */
export class AlertSourceStore {
  constructor(private readonly db: Database) {}

  /** An active source (removed ones accept nothing), or null. */
  async active(id: string, q: Queryable = this.db): Promise<AlertSource | null> {
    const r = await q.query<SourceRow>(`SELECT ${COLUMNS} FROM alert_sources WHERE id = $1 AND removed_at IS NULL`, [id]);
    return r.rows[0] ? toSource(r.rows[0]) : null;
  }

  async add(input: NewAlertSource): Promise<AlertSource> {
    const contact = await this.db.query<{ tenant_id: string | null }>('SELECT tenant_id FROM users WHERE id = $1', [input.contactUserId]);
    if (!contact.rows[0]) throw new AlertSourceError(`there is no user ${input.contactUserId}`);
    if (contact.rows[0].tenant_id !== input.tenantId) {
      throw new AlertSourceError(`the contact person must be a user of ${input.tenantId} (${input.contactUserId} is not)`);
    }
    const tenant = await this.db.query('SELECT 1 FROM tenants WHERE id = $1', [input.tenantId]);
    if (!tenant.rows[0]) throw new AlertSourceError(`there is no tenant ${input.tenantId}`);
    const exists = await this.db.query('SELECT 1 FROM alert_sources WHERE id = $1', [input.id]);
    if (exists.rows[0]) throw new AlertSourceError(`a source ${input.id} exists already (ids are never reused)`);
    const r = await this.db.query<SourceRow>(
      `INSERT INTO alert_sources (id, tenant_id, name, kind, auth, secret, contact_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [input.id, input.tenantId, input.name, input.kind, input.auth, input.secret, input.contactUserId],
    );
    return toSource(r.rows[0]!);
  }

  /** New secret; the old one keeps working until `previousValidUntil` (now → at once). */
  async rotate(id: string, secret: string, previousValidUntil: Date): Promise<AlertSource> {
    const r = await this.db.query<SourceRow>(
      `UPDATE alert_sources SET previous_secret = secret, previous_valid_until = $3, secret = $2, rotated_at = now()
       WHERE id = $1 AND removed_at IS NULL RETURNING ${COLUMNS}`,
      [id, secret, previousValidUntil],
    );
    if (!r.rows[0]) throw new AlertSourceError(`there is no active source ${id} (see: source list)`);
    return toSource(r.rows[0]);
  }

  /** Stops a source for good: its secret is wiped, its alerts stay on record. */
  async remove(id: string): Promise<void> {
    const r = await this.db.query(
      `UPDATE alert_sources SET removed_at = now(), secret = 'removed', previous_secret = NULL, previous_valid_until = NULL
       WHERE id = $1 AND removed_at IS NULL`,
      [id],
    );
    if (r.rowCount === 0) throw new AlertSourceError(`there is no active source ${id} (see: source list)`);
  }

  /** Sources (of one tenant, or all) with their alert counts and open cases. */
  async list(options: { tenantId?: string; includeRemoved?: boolean } = {}): Promise<AlertSourceSummary[]> {
    const r = await this.db.query<SourceRow & { alert_count: string; last_alert_at: Date | null }>(
      `SELECT ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')},
         (SELECT count(*) FROM alerts a WHERE a.source_id = s.id) AS alert_count,
         (SELECT max(received_at) FROM alerts a WHERE a.source_id = s.id) AS last_alert_at
       FROM alert_sources s
       WHERE ($1::text IS NULL OR s.tenant_id = $1) AND ($2::boolean OR s.removed_at IS NULL) ORDER BY s.tenant_id, s.id`,
      [options.tenantId ?? null, options.includeRemoved ?? false],
    );
    const open = await this.db.query<{ source_id: string; number: string; alerts: string; storm: boolean }>(
      `SELECT g.source_id, c.number, (SELECT count(*) FROM alerts a WHERE a.case_id = c.id) AS alerts, bool_or(g.storm) AS storm
       FROM alert_groups g JOIN cases c ON c.id = g.case_id
       WHERE g.open AND c.state NOT IN ('resolved', 'closed') AND ($1::text IS NULL OR g.tenant_id = $1)
       GROUP BY g.source_id, c.id, c.number ORDER BY c.id DESC`,
      [options.tenantId ?? null],
    );
    return r.rows.map((row) => ({
      ...toSource(row),
      alertCount: Number(row.alert_count),
      lastAlertAt: row.last_alert_at ? new Date(row.last_alert_at) : null,
      openCases: open.rows.filter((o) => o.source_id === row.id).map((o) => ({ number: o.number, alerts: Number(o.alerts), storm: o.storm })),
    }));
  }

  /** Says which person uses a machine (`host`) or an account (`user`) that alerts may name. */
  async mapSubject(tenantId: string, kind: 'host' | 'user', name: string, userId: string): Promise<void> {
    const u = await this.db.query<{ tenant_id: string | null }>('SELECT tenant_id FROM users WHERE id = $1', [userId]);
    if (u.rows[0]?.tenant_id !== tenantId) throw new AlertSourceError(`${userId} is not a user of ${tenantId}`);
    await this.db.query(
      `INSERT INTO alert_subjects (tenant_id, kind, name, user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, kind, name) DO UPDATE SET user_id = EXCLUDED.user_id`,
      [tenantId, kind, name.trim().toLowerCase(), userId],
    );
  }

  async unmapSubject(tenantId: string, kind: 'host' | 'user', name: string): Promise<boolean> {
    const r = await this.db.query('DELETE FROM alert_subjects WHERE tenant_id = $1 AND kind = $2 AND name = $3', [tenantId, kind, name.trim().toLowerCase()]);
    return r.rowCount > 0;
  }

  async subjects(tenantId: string): Promise<{ kind: 'host' | 'user'; name: string; userId: string }[]> {
    const r = await this.db.query<{ kind: 'host' | 'user'; name: string; user_id: string }>(
      'SELECT kind, name, user_id FROM alert_subjects WHERE tenant_id = $1 ORDER BY kind, name',
      [tenantId],
    );
    return r.rows.map((x) => ({ kind: x.kind, name: x.name, userId: x.user_id }));
  }

  /**
   * The person an alert names: its account first (the person signed in), then its machine.
   * An account is tried as written, then without its domain (`ACME\\sato`, `sato@acme.co.jp` → `sato`).
   */
  async personFor(tenantId: string, subject: { host: string | null; user: string | null }, q: Queryable = this.db): Promise<{ userId: string; via: 'user' | 'host' } | null> {
    const candidates: { kind: 'user' | 'host'; name: string }[] = [];
    if (subject.user) {
      const u = subject.user.trim().toLowerCase();
      candidates.push({ kind: 'user', name: u });
      const bare = u.includes('\\') ? u.split('\\').pop()! : u.split('@')[0]!;
      if (bare && bare !== u) candidates.push({ kind: 'user', name: bare });
    }
    if (subject.host) {
      const h = subject.host.trim().toLowerCase();
      candidates.push({ kind: 'host', name: h });
      const short = h.split('.')[0]!;
      if (short && short !== h && !/^\d+$/.test(short)) candidates.push({ kind: 'host', name: short });
    }
    if (candidates.length === 0) return null;
    const r = await q.query<{ kind: 'user' | 'host'; name: string; user_id: string }>(
      'SELECT kind, name, user_id FROM alert_subjects WHERE tenant_id = $1 AND (kind, name) IN (SELECT * FROM unnest($2::text[], $3::text[]))',
      [tenantId, candidates.map((c) => c.kind), candidates.map((c) => c.name)],
    );
    for (const c of candidates) {
      const hit = r.rows.find((x) => x.kind === c.kind && x.name === c.name);
      if (hit) return { userId: hit.user_id, via: c.kind };
    }
    // `EXAMPLE\\sato` against a mapped `sato@example.co.jp`: the account name alone, when only one person has it.
    const bare = candidates.find((c) => c.kind === 'user' && !c.name.includes('@') && !c.name.includes('\\'));
    if (bare) {
      const byName = await q.query<{ user_id: string }>(
        "SELECT DISTINCT user_id FROM alert_subjects WHERE tenant_id = $1 AND kind = 'user' AND split_part(name, '@', 1) = $2",
        [tenantId, bare.name],
      );
      if (byName.rows.length === 1) return { userId: byName.rows[0]!.user_id, via: 'user' };
    }
    return null;
  }
}
