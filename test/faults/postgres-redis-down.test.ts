import { describeFaultUnderLoad } from '../helpers/fault-scenario.js';
import { restartPostgres, restartRedisEmpty } from '../helpers/services.js';

/*
 * PostgreSQL and Redis go down together mid-load: PostgreSQL restarts (connections cut, refused
 * for a few seconds) while Redis is shut down and comes back empty. Questions already
 * acknowledged wait the database out; their jobs and any reply left pending are in PostgreSQL,
 * and the sweep hands them to the new Redis. The shared checks count 0 lost, 0 duplicated.
 */
describeFaultUnderLoad('PostgreSQL and Redis down together mid-load', {
  channel: 'C0FAULTPR',
  inject: async () => {
    await Promise.all([restartPostgres(), restartRedisEmpty()]);
  },
});
