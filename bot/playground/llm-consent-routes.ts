import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { User } from '../../handlers/directory/directory-types.js';
import { getLlmConsent, setLlmConsent, type LlmConsent } from '../../handlers/directory/llm-consent.js';
import { llmDisclosure } from '../../handlers/directory/llm-disclosure.js';
import type { HandlerServices } from '../../handlers/services.js';

const changeSchema = z.object({ enabled: z.boolean(), embeddings: z.boolean() }).strict();

/**
 * The playground admin's "language model" section (issue #22): the admin's own company's consent,
 * the provider and exactly what is sent, in Japanese and English; a POST switches it (recorded as
 * `playground:<admin id>`). Another company's consent is neither shown nor changed here.
 */
export function mountLlmConsentRoutes(
  scope: FastifyInstance,
  services: HandlerServices,
  admin: () => Promise<User | null>,
  provider: string | null,
): void {
  const view = (c: LlmConsent) => ({
    enabled: c.enabled,
    embeddings: c.embeddings,
    changedBy: c.changedBy,
    changedAt: c.changedAt?.toISOString() ?? null,
    configured: provider !== null,
    disclosure: { ja: llmDisclosure('ja', provider, c), en: llmDisclosure('en', provider, c) },
  });

  scope.get('/playground/api/admin/llm', async (_req, reply) => {
    const user = await admin();
    if (!user?.roles.includes('admin') || !user.tenantId) return reply.code(403).send({ error: 'admins only' });
    const consent = await getLlmConsent(services.db, user.tenantId);
    if (!consent) return reply.code(404).send({ error: 'not found' });
    return view(consent);
  });

  scope.post('/playground/api/admin/llm', async (req, reply) => {
    const user = await admin();
    if (!user?.roles.includes('admin') || !user.tenantId) return reply.code(403).send({ error: 'admins only' });
    const parsed = changeSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    const consent = await setLlmConsent(services.db, user.tenantId, parsed.data, `playground:${user.id}`);
    if (!consent) return reply.code(404).send({ error: 'not found' });
    services.logger.info({ tenantId: user.tenantId, enabled: consent.enabled, embeddings: consent.embeddings, by: user.id }, 'language model consent changed');
    return view(consent);
  });
}
