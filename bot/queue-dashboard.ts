import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import { basicAuthMatches } from './basic-auth.js';

export interface DashboardOptions {
  basePath: string;
  user: string;
  password: string;
}

/**
 * The operators' queue dashboard (bull-board) behind HTTP basic auth. Only
 * mounted when an admin password is configured and jobs run on BullMQ.
 */
export async function mountQueueDashboard(http: FastifyInstance, queue: Queue, options: DashboardOptions): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  createBullBoard({ queues: [new BullMQAdapter(queue, { readOnlyMode: false })], serverAdapter });
  serverAdapter.setBasePath(options.basePath);
  await http.register(async (scope) => {
    scope.addHook('onRequest', async (req, reply) => {
      if (!basicAuthMatches(req.headers.authorization, options)) {
        await reply.code(401).header('www-authenticate', 'Basic realm="otasuke-queues"').send({ error: 'unauthorized' });
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: options.basePath });
  });
}
