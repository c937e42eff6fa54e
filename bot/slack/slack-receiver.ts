import { App, HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SlackConfig } from '../config.js';
import type { PostgresInstallationStore } from './installation-store.js';
import { webClientOptions } from './slack-web-client.js';

/** Paths the HTTP receiver answers on the bot's HTTP server. */
export const SLACK_PATHS = {
  events: '/slack/events',
  install: '/slack/install',
  oauthRedirect: '/slack/oauth_redirect',
} as const;

export interface SlackBolt {
  app: App;
  receiver: HTTPReceiver | SocketModeReceiver;
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
 * installation store in PostgreSQL; single-workspace mode uses the bot token.
 */
export function createSlackBolt(config: SlackConfig, installations: PostgresInstallationStore, logger: BoltLogger): SlackBolt {
  const clientOptions = webClientOptions(config, logger);
  // A failure inside the app is handled there (a polite reply); the HTTP answer to Slack stays 200 so nothing is redelivered.
  const alwaysAck = async ({ error }: { error: Error }): Promise<boolean> => {
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
    // tokenVerificationEnabled: false — Bolt would start an auth.test at construction whose failure
    // nobody awaits (an unhandled rejection that can kill the process); the adapter checks the
    // token itself at start, and Bolt then calls auth.test lazily on the first event.
    const app = new App({ receiver, token: config.botToken, logger, clientOptions, convoStore: false, extendedErrorHandler: true, tokenVerificationEnabled: false });
    return { app, receiver, mode: 'socket' };
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
  const app = new App({
    receiver,
    ...(oauth ? {} : { token: config.botToken, tokenVerificationEnabled: false }),
    logger,
    clientOptions,
    convoStore: false,
    extendedErrorHandler: true,
  });
  return { app, receiver, mode: 'http' };
}

/**
 * Mounts the HTTP receiver on the bot's Fastify server. The routes live in
 * their own scope without body parsers: Bolt reads the raw bytes itself,
 * because the signature is computed over them.
 */
export async function mountSlackRoutes(http: FastifyInstance, receiver: HTTPReceiver, withOAuth: boolean): Promise<void> {
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
    scope.post(SLACK_PATHS.events, pass);
    if (withOAuth) {
      scope.get(SLACK_PATHS.install, pass);
      scope.get(SLACK_PATHS.oauthRedirect, pass);
    }
  });
}
