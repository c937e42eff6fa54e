import crypto from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';

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
      if (!authorised(req.headers.authorization, options)) {
        await reply.code(401).header('www-authenticate', 'Basic realm="otasuke-queues"').send({ error: 'unauthorized' });
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: options.basePath });
  });
}

function authorised(header: string | undefined, options: DashboardOptions): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6), 'base64');
  const expected = Buffer.from(`${options.user}:${options.password}`);
  // Constant-time comparison: the password must not leak through response timing.
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
