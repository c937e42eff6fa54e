import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';
import { hashToken, type TeamsAdapter } from './teams-adapter.js';
import type { IncomingRequest, TeamsConnector } from './teams-connector.js';
import { translateTeamsAuthFailure, TeamsUnauthenticatedError } from './teams-errors.js';

/** Where the Bot Framework posts activities (the messaging endpoint of the bot registration). */
export const MESSAGES_PATH = '/api/messages';
/** Short-lived downloads of files the bot sent (exported reports). */
export const FILES_PATH = '/teams/files/:token';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const UNAUTHORIZED = { error: 'Unauthorized' } as const;

/**
 * Mounts the Teams endpoints on the bot's HTTP server. The body arrives
 * parsed by Fastify (JSON only, 1 MB at most: anything else is refused before
 * botbuilder sees it). With an app id configured, the request's token is
 * checked first (authenticationRefusal): any failure to verify it — including
 * the Bot Framework's signing keys being unreachable — is a refusal, answered
 * 401 with no detail and logged at warn with the reason. Only then does the
 * adapter run the turn (botbuilder checks the token again there).
 */
export function mountTeamsRoutes(http: FastifyInstance, adapter: TeamsAdapter, logger: Logger): void {
  http.post(MESSAGES_PATH, async (request, reply) => {
    const req: IncomingRequest = { method: request.method, headers: request.headers, body: request.body };
    const refused = adapter.connector.authEnabled ? await authenticationRefusal(adapter.connector, req) : null;
    if (refused) {
      logger.warn({ code: refused.code, reason: refused.reason }, 'teams request rejected');
      return reply.code(401).send(UNAUTHORIZED);
    }
    const result = await adapter.receive(req);
    return reply.code(result.status).send(result.body ?? '');
  });

  http.get<{ Params: { token: string } }>(FILES_PATH, async (request, reply) => {
    const token = request.params.token;
    const file = TOKEN.test(token) ? await adapter.store.file(hashToken(token)) : null;
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('This link has expired or does not exist.\n');
    return reply
      .code(200)
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${asciiName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.data);
  });
}

/**
 * Null when the request's token is valid for its activity; otherwise why not.
 * The check is the connector's own (botframework-connector: Bearer JWT,
 * signature against the published OpenID keys, issuer, audience = app id,
 * serviceUrl claim = the activity's) run with an empty turn, so nothing of
 * the activity is handled and botbuilder stays inside teams-connector.ts.
 * `process` answers 401 for a token it refuses, but throws when it could not
 * check the token at all (signing keys unreachable, a token jsonwebtoken
 * cannot verify): those are refusals too. Anything else thrown is not about
 * the token and is left to the adapter (a failure: 500, logged as an error).
 * The signing keys are cached process-wide, so checking twice fetches them once.
 */
async function authenticationRefusal(connector: TeamsConnector, req: IncomingRequest): Promise<TeamsUnauthenticatedError | null> {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !/^Bearer\s+\S+$/i.test(header)) return new TeamsUnauthenticatedError('no bearer token');
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) return new TeamsUnauthenticatedError('no activity to check the token against');
  try {
    const checked = await connector.process(req, async () => undefined);
    return checked.status === 401 ? new TeamsUnauthenticatedError('token refused (signature, issuer, audience, expiry or service URL)') : null;
  } catch (err) {
    return translateTeamsAuthFailure(err);
  }
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
