import { replyLang } from '../../knowledge/text/normalize.js';
import { textCard } from '../ask/answer-card.js';
import type { Outbound } from '../cards.js';
import type { User } from '../directory/directory-types.js';
import type { InboundMessage } from '../inbound.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../services.js';

/**
 * Applies the per-person and per-company question limits to a new question.
 * Returns the polite reply when the question is turned away, or null to go on.
 *
 * The offline triage runs first: anything high or critical (a ransomware
 * report, a live intrusion) is never rate-limited. A question turned away is
 * kept with its text in `rate_limited`, so responders can still see it.
 */
export async function limitQuestionRate(services: HandlerServices, msg: InboundMessage, asker: User & { tenantId: string }): Promise<Outbound[] | null> {
  const limiter = services.rateLimiter;
  if (!limiter) return null;
  const triage = services.triager.triage({ text: msg.text });
  if (triage.severity === 'critical' || triage.severity === 'high') return null;
  const verdict = await limiter.hit(asker.id, asker.tenantId);
  if (!verdict.limited) return null;
  await services.db.query(
    'INSERT INTO rate_limited (scope, tenant_id, user_id, channel, thread_ref, text, severity) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [verdict.scope, asker.tenantId, asker.id, msg.channel, msg.threadRef, msg.text, triage.severity],
  );
  services.metrics?.rateLimited(verdict.scope);
  services.logger.warn(
    { scope: verdict.scope, user: asker.id, tenant: asker.tenantId, count: verdict.count, limit: verdict.limit },
    'question rate-limited (kept in rate_limited)',
  );
  const lang = replyLang(msg.text, msg.langHint);
  const key = verdict.scope === 'user' ? 'rateLimit.user' : 'rateLimit.tenant';
  return [{ to: msg.threadRef, card: textCard(t(lang, key, { seconds: verdict.retryAfterSeconds })), senderOnly: true }];
}
