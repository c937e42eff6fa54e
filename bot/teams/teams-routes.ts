import type { FastifyInstance } from 'fastify';
import { t } from '../../core/i18n/t.js';
import { hashToken, type TeamsAdapter } from './teams-adapter.js';
import type { IncomingRequest } from './teams-connector.js';

/** Where the Bot Framework posts activities (the messaging endpoint of the bot registration). */
export const MESSAGES_PATH = '/api/messages';
/** Short-lived downloads of files the bot sent (exported reports). */
export const FILES_PATH = '/teams/files/:token';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Mounts the Teams endpoints on the bot's HTTP server. The body arrives
 * parsed by Fastify (JSON only, 1 MB at most: anything else is refused before
 * botbuilder sees it). With an app id configured, a token that does not
 * verify is refused: 401 with no detail, logged at warn with the reason. When
 * the signing keys cannot be fetched to check it, the answer is 503 (logged as
 * an error with code TEAMS_SIGNING_KEYS_UNAVAILABLE), so the Bot Framework may
 * deliver the activity again instead of dropping it as unauthorised. Either
 * way nothing of the request runs (TeamsConnector.process authenticates before
 * the turn and tells the two apart; a failure of the turn itself is a 500).
 */
export function mountTeamsRoutes(http: FastifyInstance, adapter: TeamsAdapter): void {
  http.post(MESSAGES_PATH, async (request, reply) => {
    const req: IncomingRequest = { method: request.method, headers: request.headers, body: request.body };
    const result = await adapter.receive(req);
    return reply.code(result.status).send(result.body ?? '');
  });

  http.get<{ Params: { token: string } }>(FILES_PATH, async (request, reply) => {
    const token = request.params.token;
    const file = TOKEN.test(token) ? await adapter.store.file(hashToken(token)) : null;
    // Opened in a browser, outside any conversation: the asker's language is unknown, so both.
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send(`${t('ja', 'teams.file.expired')}\n${t('en', 'teams.file.expired')}\n`);
    return reply
      .code(200)
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${asciiName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.data);
  });
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
