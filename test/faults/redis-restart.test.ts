import { describeFaultUnderLoad } from '../helpers/fault-scenario.js';
import { restartRedisEmpty } from '../helpers/services.js';

/*
 * The real Redis server is shut down and started again empty (it keeps
 * nothing on disk here) while signed questions keep arriving: every BullMQ
 * job in flight or waiting is gone. The jobs table in PostgreSQL is the
 * truth, so the sweep must hand every pending notification to the new Redis
 * once. The shared checks (test/helpers/fault-scenario.ts) count it.
 */
describeFaultUnderLoad('Redis restarted empty mid-load', {
  channel: 'C0FAULTRD',
  inject: restartRedisEmpty,
});
