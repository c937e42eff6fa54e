import type { FastifyInstance } from 'fastify';
import { AlertSourceStore } from '../../handlers/alerts/alert-source-store.js';
import type { User } from '../../handlers/directory/directory-types.js';
import type { HandlerServices } from '../../handlers/services.js';
import { AlertSecrets, sign } from '../alerts/alert-secrets.js';

/** The playground's own source of the demo company, made on the first "send a test alert". */
export const PLAYGROUND_SOURCE = 'playground-test';
/** The demo machine the test alert names, mapped to the demo staff member. */
const TEST_HOST = 'PC-023';

/**
 * The playground admin's "monitoring alerts" section: the admin's own company's sources (kind,
 * how they sign, alert counts, open cases with their alert counts), and "send a test alert",
 * which signs a generic alert with the playground source's secret and posts it to
 * POST /api/alerts/playground-test through the server itself: the same checks, grouping, triage,
 * escalation and message to the person at PC-023 as a device's.
 */
export function mountAlertAdminRoutes(scope: FastifyInstance, services: HandlerServices, admin: () => Promise<User | null>, secrets: AlertSecrets, staff: () => Promise<User | null>): void {
  const sources = new AlertSourceStore(services.db);

  scope.get('/playground/api/admin/alerts', async (_req, reply) => {
    const user = await admin();
    if (!user?.roles.includes('admin') || !user.tenantId) return reply.code(403).send({ error: 'admins only' });
    const list = await sources.list({ tenantId: user.tenantId });
    return {
      sources: list.map((s) => ({
        id: s.id,
        name: s.name,
        kind: s.kind,
        auth: s.auth,
        alerts: s.alertCount,
        lastAlertAt: s.lastAlertAt?.toISOString() ?? null,
        openCases: s.openCases,
      })),
    };
  });

  scope.post('/playground/api/admin/alerts/test', async (_req, reply) => {
    const user = await admin();
    if (!user?.roles.includes('admin') || !user.tenantId) return reply.code(403).send({ error: 'admins only' });
    const source = await sources.active(PLAYGROUND_SOURCE);
    let secret: string;
    if (!source || source.tenantId !== user.tenantId) {
      if (source) return reply.code(409).send({ error: 'the playground source belongs to another company' });
      secret = AlertSecrets.generate('hmac');
      await sources.add({ id: PLAYGROUND_SOURCE, tenantId: user.tenantId, name: 'Playground', kind: 'generic', auth: 'hmac', secret: secrets.store('hmac', secret), contactUserId: user.id });
      const person = await staff();
      if (person?.tenantId === user.tenantId) await sources.mapSubject(user.tenantId, 'host', TEST_HOST, person.id);
    } else {
      secret = secrets.open(source.secret);
    }
    const body = JSON.stringify({
      id: `playground-${Date.now()}`,
      rule: 'playground-c2-beacon',
      title: 'Suspicious outbound connection to a known C2 server',
      description: `${TEST_HOST} connected to 203.0.113.50:443 (test alert from the playground)`,
      severity: 'high',
      host: TEST_HOST,
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await scope.inject({
      method: 'POST',
      url: `/api/alerts/${PLAYGROUND_SOURCE}`,
      payload: body,
      headers: { 'content-type': 'application/json', 'x-otasuke-timestamp': ts, 'x-otasuke-signature': `v1=${sign(secret, ts, body)}` },
    });
    return reply.code(res.statusCode).send(res.json());
  });
}
