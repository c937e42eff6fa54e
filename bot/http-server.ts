import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { mountMetrics, type MetricsRouteOptions } from './metrics/metrics-route.js';

export interface HealthChecks {
  /** Each returns normally when its dependency answers. */
  [name: string]: () => Promise<unknown>;
}

/**
 * The bot's HTTP server: health endpoints now, platform receivers later.
 * /healthz says the process runs; /readyz says its dependencies answer;
 * /metrics (when given a registry) serves Prometheus metrics.
 */
export function createHttpServer(config: Config['http'], _logger: Logger, checks: HealthChecks, metrics?: MetricsRouteOptions): FastifyInstance {
  // Fastify's own logger is off: requests are logged by the adapters that know what they mean.
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const results: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of Object.entries(checks)) {
      try {
        await withTimeout(check(), 2000);
        results[name] = 'ok';
      } catch (err) {
        ready = false;
        results[name] = `down: ${(err as Error).message}`;
      }
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: results });
  });
  if (metrics) mountMetrics(app, metrics);
  void config;
  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
