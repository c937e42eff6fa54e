import { describeFaultUnderLoad } from '../helpers/fault-scenario.js';
import { stopPostgresFor } from '../helpers/services.js';

/*
 * PostgreSQL stays down for twice DB_OUTAGE_RETRY_MS while signed questions keep arriving. An
 * event that cannot be authorized is answered 503 and Slack delivers it again later; a question
 * acknowledged before the outage is kept with its receipt (the durable inbox): its handling gives
 * up after DB_OUTAGE_RETRY_MS without asking anyone to resend, and the sweep answers it once the
 * database is back (with an apology for the wait). The shared checks count 0 lost, 0 duplicated.
 */
const OUTAGE_RETRY_MS = 3000;

describeFaultUnderLoad('PostgreSQL down for twice DB_OUTAGE_RETRY_MS mid-load', {
  channel: 'C0FAULTPL',
  env: { DB_OUTAGE_RETRY_MS: String(OUTAGE_RETRY_MS), CASE_RESUME_AFTER_MS: String(OUTAGE_RETRY_MS * 3), JOB_LEASE_MS: String(OUTAGE_RETRY_MS) },
  lateAnswers: true,
  inject: async () => {
    const { downMs } = await stopPostgresFor(OUTAGE_RETRY_MS * 2);
    expect(downMs).toBeGreaterThanOrEqual(OUTAGE_RETRY_MS * 2);
  },
});
