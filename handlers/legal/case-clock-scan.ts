import type { JobProducer } from '../jobs.js';
import type { HandlerServices } from '../services.js';
import { nowOf } from '../oncall/after-hours.js';
import { InsuranceStore } from '../insurance/insurance-store.js';
import { personalDataOut, startInsurerClock, startPpcClock } from './case-clocks.js';

/** How many candidate cases one scan reads at most, newest first. */
const SCAN_LIMIT = 200;

/**
 * Starts the clocks the state of the cases calls for, on every sweep (so a clock starts however
 * the case got there: triage, an intake answer, a reclassification, a device alert):
 *
 * - the PPC clock of a data_leak case whose triage or intake says personal data left the company,
 *   aware as of the case's opening (the company told the desk then, so it knew by then at the
 *   latest; a responder corrects it on the card);
 * - the insurer's window of a high or critical case of a tenant with a policy on file, from discovery.
 *
 * A clock starts once whatever the number of processes (the case_clocks key); the start records
 * its reminder jobs in the same transaction. Cases older than 90 days are not looked at.
 */
export class CaseClockScan implements JobProducer {
  readonly name = 'case clocks';

  constructor(private readonly services: () => HandlerServices) {}

  async produce(): Promise<number> {
    const services = this.services();
    let started = 0;
    const ppc = await services.db.query<{ id: string | number }>(
      `SELECT c.id FROM cases c
       WHERE c.category = 'data_leak' AND c.state <> 'new' AND c.created_at > now() - interval '90 days'
         AND NOT EXISTS (SELECT 1 FROM case_clocks k WHERE k.case_id = c.id AND k.kind = 'ppc')
       ORDER BY c.id DESC LIMIT $1`,
      [SCAN_LIMIT],
    );
    for (const row of ppc.rows) {
      const c = await services.cases.get(Number(row.id));
      if (!personalDataOut(c, await services.cases.events(c.id))) continue;
      if (await startPpcClock(services, c, { kind: 'system' }, c.createdAt, 'triage', nowOf(services))) started++;
    }
    const insured = await services.db.query<{ id: string | number }>(
      `SELECT c.id FROM cases c JOIN tenant_insurance p ON p.tenant_id = c.tenant_id
       WHERE c.severity IN ('high', 'critical') AND c.state <> 'new' AND c.created_at > now() - interval '90 days'
         AND NOT EXISTS (SELECT 1 FROM case_clocks k WHERE k.case_id = c.id AND k.kind = 'insurer')
       ORDER BY c.id DESC LIMIT $1`,
      [SCAN_LIMIT],
    );
    const store = new InsuranceStore(services.db);
    for (const row of insured.rows) {
      const c = await services.cases.get(Number(row.id));
      const profile = await store.get(c.tenantId);
      if (profile && (await startInsurerClock(services, c, profile, nowOf(services)))) started++;
    }
    return started;
  }
}
