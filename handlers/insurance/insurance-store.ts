import type { Database } from '../../db/database.js';

/** A tenant's cyber-insurance policy as the desk needs it: whom to tell, under which number, within how long. */
export interface InsuranceProfile {
  tenantId: string;
  insurer: string;
  policyNumber: string;
  /** Hours from discovery within which the insurer must be told (from the policy's terms). */
  notifyWindowHours: number;
  coverageNotes: string;
  updatedAt: Date;
}

export type InsuranceInput = Omit<InsuranceProfile, 'updatedAt'>;

/** Reads and writes tenant_insurance. Every read is by tenant: one company never sees another's policy. */
export class InsuranceStore {
  constructor(private readonly db: Database) {}

  async get(tenantId: string): Promise<InsuranceProfile | null> {
    const r = await this.db.query<{ tenant_id: string; insurer: string; policy_number: string; notify_window_hours: number; coverage_notes: string; updated_at: Date | string }>(
      'SELECT tenant_id, insurer, policy_number, notify_window_hours, coverage_notes, updated_at FROM tenant_insurance WHERE tenant_id = $1',
      [tenantId],
    );
    const row = r.rows[0];
    if (!row) return null;
    return {
      tenantId: row.tenant_id, insurer: row.insurer, policyNumber: row.policy_number, notifyWindowHours: Number(row.notify_window_hours), coverageNotes: row.coverage_notes, updatedAt: new Date(row.updated_at),
    };
  }

  async set(p: InsuranceInput): Promise<InsuranceProfile> {
    await this.db.query(
      `INSERT INTO tenant_insurance (tenant_id, insurer, policy_number, notify_window_hours, coverage_notes, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (tenant_id) DO UPDATE SET insurer = EXCLUDED.insurer, policy_number = EXCLUDED.policy_number,
         notify_window_hours = EXCLUDED.notify_window_hours, coverage_notes = EXCLUDED.coverage_notes, updated_at = now()`,
      [p.tenantId, p.insurer, p.policyNumber, p.notifyWindowHours, p.coverageNotes],
    );
    return (await this.get(p.tenantId))!;
  }

  async clear(tenantId: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM tenant_insurance WHERE tenant_id = $1', [tenantId])).rowCount > 0;
  }
}
