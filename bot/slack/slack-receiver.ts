import { App, HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseOutage } from '../../db/outage.js';
import type { SlackConfig } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { OtasukeError } from '../../core/errors.js';
import type { PostgresInstallationStore } from './installation-store.js';
import { KeepingReceiver, type SlackEventInbox } from './slack-event-inbox.js';
import { singleWorkspaceAuthorize, type SlackIdentity } from './slack-identity.js';
import { webClientOptions } from './slack-web-client.js';

/** Paths the HTTP receiver answers on the bot's HTTP server. */
export const SLACK_PATHS = {
  events: '/slack/events',
  install: '/slack/install',
  oauthRedirect: '/slack/oauth_redirect',
} as const;

/**
 * How far ahead of this server's clock a request's X-Slack-Request-Timestamp
 * may be. Bolt refuses timestamps more than 5 minutes old but not ones in the
 * future, so a captured request signed with a future time could be replayed
 * for as long as that time is ahead; the same 5 minutes bound both sides.
 */
export const MAX_TIMESTAMP_AHEAD_SECONDS = 5 * 60;

/** A request to the Slack endpoints refused before Bolt sees it (answered 401, logged at warn). */
export class SlackRequestRefusedError extends OtasukeError {
  constructor(code: string, message: string) {
    super(code, message, { userMessageKey: 'error.forbidden' });
  }
}

/**
 * Null when the timestamp header is not too far ahead (a missing, malformed or
 * stale one is Bolt's to refuse); otherwise the refusal.
 */
export function futureTimestampRefusal(header: unknown, nowMs: number = Date.now()): SlackRequestRefusedError | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value.trim())) return null;
  const ahead = Number(value.trim()) - Math.floor(nowMs / 1000);
  if (ahead <= MAX_TIMESTAMP_AHEAD_SECONDS) return null;
  return new SlackRequestRefusedError('SLACK_TIMESTAMP_AHEAD', `X-Slack-Request-Timestamp is ${ahead} s ahead of the server clock (at most ${MAX_TIMESTAMP_AHEAD_SECONDS} s allowed)`);
}

export interface SlackBolt {
  app: App;
  /** Bolt's own receiver (mounted on the bot's HTTP server in HTTP mode). */
  receiver: HTTPReceiver | SocketModeReceiver;
  /** What the app was given: `receiver` wrapped so a person's event is kept before it is acknowledged. */
  keeping: KeepingReceiver;
  mode: SlackConfig['mode'];
}

/**
 * Builds Bolt's App and the receiver chosen by config:
 *
 * - HTTP: Bolt's HTTPReceiver (signature check, url_verification, ssl_check,
 *   retry headers, OAuth install routes) with processBeforeResponse=false,
 *   so every event is acknowledged before any work starts. Its request
 *   listener is mounted on the bot's own HTTP server (mountSlackRoutes), one
 *   port beside /healthz, rather than opening a second server.
 * - Socket Mode: Bolt's SocketModeReceiver (no public URL); one workspace.
 *
 * Multi-workspace (OAuth) mode authorizes every request through the
 * installation store in PostgreSQL (cached per team there); single-workspace
 * mode hands Bolt the identity the adapter learned with one auth.test at
 * start (`identity`), so no request ever waits on auth.test.
 */
export function createSlackBolt(
  config: SlackConfig,
  installations: PostgresInstallationStore,
  logger: BoltLogger,
  inbox: { events: SlackEventInbox; logger: Logger },
  identity: () => SlackIdentity | undefined = () => undefined,
): SlackBolt {
  // Not Bolt's `token` option: with it Bolt authorizes through auth.test (per request when
  // tokenVerificationEnabled is off, or at construction with nobody awaiting the result when on).
  const authorize = singleWorkspaceAuthorize(identity);
  const clientOptions = webClientOptions(config, logger);
  // A failure inside the app is handled there (a polite reply); the HTTP answer to Slack stays 200 so
  // nothing is redelivered. Except when the database is away before the event could be taken in
  // (authorization reads installations there): then 503, not acknowledged, and Slack retries it.
  const alwaysAck = async ({ error, response }: { error: Error; response?: ServerResponse }): Promise<boolean> => {
    if (isDatabaseOutage(error)) {
      logger.warn('Slack event not taken in: database unreachable; Slack will retry', error.message);
      if (response && !response.headersSent) response.writeHead(503).end();
      return false;
    }
    logger.error('Slack event processing failed', error);
    return true;
  };
  if (config.mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: config.appToken!,
      logger,
      installerOptions: { clientOptions },
      processEventErrorHandler: alwaysAck,
    });
    const keeping = new KeepingReceiver(receiver, inbox.events, inbox.logger);
    const app = new App({ receiver: keeping, authorize, logger, clientOptions, convoStore: false, extendedErrorHandler: true });
    return { app, receiver, keeping, mode: 'socket' };
  }
  const oauth = config.oauth;
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret!,
    endpoints: SLACK_PATHS.events,
    processBeforeResponse: false,
    logger,
    processEventErrorHandler: alwaysAck,
    ...(oauth
      ? {
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          stateSecret: oauth.stateSecret,
          scopes: oauth.scopes,
          redirectUri: oauth.redirectUri,
          installationStore: installations,
          installerOptions: {
            clientOptions,
            installPath: SLACK_PATHS.install,
            redirectUriPath: SLACK_PATHS.oauthRedirect,
            stateVerification: true,
          },
        }
      : {}),
  });
  const keeping = new KeepingReceiver(receiver, inbox.events, inbox.logger);
  const app = new App({
    receiver: keeping,
    ...(oauth ? {} : { authorize }),
    logger,
    clientOptions,
    convoStore: false,
    extendedErrorHandler: true,
  });
  return { app, receiver, keeping, mode: 'http' };
}

/**
 * Mounts the HTTP receiver on the bot's Fastify server. The routes live in
 * their own scope without body parsers: Bolt reads the raw bytes itself,
 * because the signature is computed over them. A request whose timestamp is
 * more than 5 minutes ahead of the clock is refused (401) before Bolt, which
 * checks only the other side; Bolt does the signature and staleness checks.
 * Until `ready()` (the bot knows who it is) requests are answered 503.
 */
export async function mountSlackRoutes(
  http: FastifyInstance,
  receiver: HTTPReceiver,
  withOAuth: boolean,
  logger: Logger,
  ready: () => boolean = () => true,
): Promise<void> {
  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    const pass = (req: FastifyRequest, reply: FastifyReply): void => {
      reply.hijack();
      try {
        receiver.requestListener(req.raw, reply.raw);
      } catch {
        // HTTPReceiverDeferredRequestError: a path or method the receiver does not serve.
        if (!reply.raw.headersSent) reply.raw.writeHead(404).end();
      }
    };
    scope.post(SLACK_PATHS.events, (req, reply) => {
      const refused = futureTimestampRefusal(req.headers['x-slack-request-timestamp']);
      if (refused) {
        logger.warn({ code: refused.code, err: refused.message }, 'slack request refused');
        return reply.code(401).send();
      }
      // Single-workspace mode before auth.test at start succeeded: not taken in, so Slack delivers it again.
      if (!ready()) return reply.code(503).header('retry-after', '5').send();
      return pass(req, reply);
    });
    if (withOAuth) {
      scope.get(SLACK_PATHS.install, pass);
      scope.get(SLACK_PATHS.oauthRedirect, pass);
    }
  });
}
