import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { basicAuthMatches, type Credentials } from '../basic-auth.js';

export interface MetricsRouteOptions {
  registry: Registry;
  /** Operator login (ADMIN_USER / ADMIN_PASSWORD); unset → the endpoint is open on the bound interface. */
  auth?: Credentials;
}

/** `GET /metrics` in the Prometheus text format, behind the operators' basic auth when a password is set. */
export function mountMetrics(http: FastifyInstance, options: MetricsRouteOptions): void {
  http.get('/metrics', async (req, reply) => {
    if (options.auth && !basicAuthMatches(req.headers.authorization, options.auth)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="otasuke-metrics"').send({ error: 'unauthorized' });
    }
    const body = await options.registry.metrics();
    return reply.header('content-type', options.registry.contentType).send(body);
  });
}
