import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from '../../core/logger.js';
import { toOtasukeError } from '../../core/errors.js';
import { AlertRejectedError } from '../../handlers/alerts/alert-errors.js';
import type { AlertIntake } from '../../handlers/alerts/alert-intake.js';
import { mapAlerts } from '../../handlers/alerts/alert-mappings.js';
import type { AlertSourceStore } from '../../handlers/alerts/alert-source-store.js';
import type { AlertSource } from '../../handlers/alerts/alert-types.js';
import { SIGNATURE_HEADER, SIGNATURE_WINDOW_SECONDS, TIMESTAMP_HEADER, type AlertSecrets } from './alert-secrets.js';

/** How long a process trusts what it read of a source. */
const SOURCE_CACHE_MS = 1000;

export interface AlertRouteDeps {
  sources: AlertSourceStore;
  intake: AlertIntake;
  secrets: AlertSecrets;
  logger: Logger;
  bodyLimitBytes: number;
  /** Seconds since the epoch (tests move it). */
  now?: () => number;
}

/**
 * `POST /api/alerts/<source>`: a monitoring device's alert. Checked in this order, each refusal a
 * clear 4xx with a stable code and nothing stored: source (404), size (413), credentials (401:
 * unsigned, stale, bad signature or token), JSON (400), the vendor's shape (422), replay (409).
 * Accepted alerts answer 202 with the cases they opened or joined.
 */
export async function mountAlertRoutes(app: FastifyInstance, deps: AlertRouteDeps): Promise<void> {
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  // Sources read at most once a second per process (a busy device sends hundreds a second); a
  // rotation or removal reaches every process within that second.
  // The read itself is cached, not its result: the requests arriving while it is under way (a
  // storm's first second, every refresh) share it instead of each sending the same query.
  const cache = new Map<string, { at: number; source: Promise<AlertSource | null> }>();
  const activeSource = (id: string): Promise<AlertSource | null> => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < SOURCE_CACHE_MS) return hit.source;
    const source = deps.sources.active(id);
    if (cache.size > 10_000) cache.clear();
    const entry = { at: Date.now(), source };
    cache.set(id, entry);
    // A failed read is not remembered: the next request asks again.
    source.catch(() => {
      if (cache.get(id) === entry) cache.delete(id);
    });
    return source;
  };
  await app.register(async (scope) => {
    // The signature covers the exact bytes sent: the body is read raw, whatever its content type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.bodyLimitBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: { code?: string; statusCode?: number; message: string }, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuse(reply, new AlertRejectedError('ALERT_TOO_LARGE', `The body is larger than ${deps.bodyLimitBytes} bytes`, 413));
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return refuse(reply, new AlertRejectedError('ALERT_MALFORMED', err.message, 400));
      deps.logger.error({ err: err.message }, 'alert intake failed');
      return reply.code(500).send({ error: { code: 'INTERNAL', message: 'The alert could not be stored; send it again' } });
    });

    scope.post<{ Params: { source: string } }>('/api/alerts/:source', async (req, reply) => {
      try {
        const source = /^[a-z0-9][a-z0-9_-]{1,62}$/.test(req.params.source) ? await activeSource(req.params.source) : null;
        if (!source) throw new AlertRejectedError('ALERT_SOURCE_UNKNOWN', 'There is no such alert source', 404);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        let replayKey: string | null = null;
        if (source.auth === 'hmac') {
          const ts = header(req.headers[TIMESTAMP_HEADER]);
          const sig = header(req.headers[SIGNATURE_HEADER]);
          if (!ts || !sig) throw new AlertRejectedError('ALERT_UNSIGNED', `Sign the request: ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers are required`, 401);
          if (!/^\d{9,11}$/.test(ts) || Math.abs(now() - Number(ts)) > SIGNATURE_WINDOW_SECONDS) {
            throw new AlertRejectedError('ALERT_STALE', `The timestamp is more than ${SIGNATURE_WINDOW_SECONDS} s from the server's clock`, 401);
          }
          if (!deps.secrets.verifySignature(source, ts, body, sig)) throw new AlertRejectedError('ALERT_BAD_SIGNATURE', 'The signature does not match', 401);
          replayKey = sig.trim().toLowerCase();
        } else {
          const auth = header(req.headers.authorization);
          const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
          if (!token) throw new AlertRejectedError('ALERT_UNSIGNED', 'An Authorization: Bearer <token> header is required', 401);
          if (!deps.secrets.verifyBearer(source, token)) throw new AlertRejectedError('ALERT_BAD_SIGNATURE', 'The token does not match', 401);
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          throw new AlertRejectedError('ALERT_MALFORMED', 'The body is not JSON', 400);
        }
        const alerts = mapAlerts(source.kind, parsed);
        const outcome = await deps.intake.ingest(source, alerts, replayKey);
        return reply.code(202).send(outcome);
      } catch (err) {
        if (err instanceof AlertRejectedError) return refuse(reply, err);
        const e = toOtasukeError(err);
        deps.logger.error({ source: req.params.source, code: e.code, err: e.message }, 'alert intake failed');
        return reply.code(500).send({ error: { code: 'INTERNAL', message: 'The alert could not be stored; send it again' } });
      }
    });
  });
}

function refuse(reply: FastifyReply, err: AlertRejectedError): FastifyReply {
  return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
