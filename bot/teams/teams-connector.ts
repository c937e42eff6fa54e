import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../../core/logger.js';
import { TeamsConversationUnknownError, TeamsSigningKeysUnavailableError, translateTeamsAuthFailure, translateTeamsError } from './teams-errors.js';
import type { StoredReference } from './teams-store.js';

/*
 * The thin layer over botbuilder: authentication of incoming requests
 * (CloudAdapter with ConfigurationBotFrameworkAuthentication) and proactive
 * calls to the Bot Framework connector from a stored conversation reference.
 * Everything else in bot/teams/ speaks plain activities, so a move to the
 * Microsoft 365 Agents SDK (same activity protocol) stays inside this file.
 */

/** App registration; no app id = authentication off (local development against a stand-in only). */
export interface TeamsCredentials {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Tests only: the OpenID metadata document of the keys that sign inbound tokens; unset → the Bot Framework's. */
  openIdMetadataUrl?: string;
}

/**
 * The public Azure cloud's Bot Framework endpoints: botframework-connector's
 * AuthenticationConstants (and CallerIdConstants.PublicAzureChannel), which
 * botbuilder does not re-export. Its factory takes these as a whole once any
 * one of them is given, so replacing the OpenID metadata URL means passing
 * the others too (test/unit/teams-connector-auth.test.ts checks they still
 * match the installed SDK).
 */
export const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
} as const;

/**
 * The options of ConfigurationBotFrameworkAuthentication: the four app
 * settings, and with `openIdMetadataUrl` the public cloud's endpoints with
 * both inbound key sources (channel and emulator tokens) replaced by it, so
 * no inbound token is ever checked against Microsoft's keys in that mode.
 */
export function authenticationOptions(credentials: TeamsCredentials): ConfigurationBotFrameworkAuthenticationOptions {
  if (!credentials.appId) return {};
  const app = {
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppTenantId: credentials.appTenantId,
    MicrosoftAppType: credentials.appType,
  };
  if (!credentials.openIdMetadataUrl) return app;
  return {
    ...app,
    ...PUBLIC_CLOUD,
    ToBotFromChannelOpenIdMetadataUrl: credentials.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: credentials.openIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

/** What an HTTP request to the messaging endpoint carries. */
export interface IncomingRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What the endpoint answers: 200 or an invoke response's status and body, 401 (token refused) or 503 (signing keys unavailable). */
export interface ProcessResult {
  status: number;
  body?: unknown;
  /** Why a 401 or 503: what was wrong with the token, or why the signing keys could not be fetched (for the log). */
  refusal?: string;
}

/**
 * How long checking a token may take. Only fetching the signing keys can be
 * slow (node-fetch has no deadline of its own); a key service that does not
 * answer is treated like one that is down (503), well within the ~15 s the
 * Bot Framework waits for an answer.
 */
const AUTHENTICATION_DEADLINE_MS = 5_000;

type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * CloudAdapter with its request pipeline opened up: `process()` of the base
 * class authenticates and runs the turn in one step, writes to an
 * Express-style response and prints every refused token with console.error;
 * this runs the turn of a request already authenticated (by the same
 * BotFrameworkAuthentication) and hands the outcome back, so the adapter
 * answers and logs it the project's way.
 */
class ExposedCloudAdapter extends CloudAdapter {
  run(authenticated: Authenticated, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

/** The connector operations the adapter uses (a structural slice of botframework-connector's Conversations). */
interface ConversationsApi {
  sendToConversation(conversationId: string, activity: Partial<Activity>, options?: { abortSignal?: AbortSignal }): Promise<{ id?: string }>;
  replyToActivity(conversationId: string, activityId: string, activity: Partial<Activity>, options?: { abortSignal?: AbortSignal }): Promise<{ id?: string }>;
  updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  createConversation(parameters: PersonalChatParameters, options?: { abortSignal?: AbortSignal }): Promise<{ id?: string }>;
}

/** What POST /v3/conversations takes to open (or find) a person's 1:1 chat with the bot. */
interface PersonalChatParameters {
  isGroup: false;
  bot: { id: string; name?: string };
  members: { id: string }[];
  tenantId: string;
  channelData: { tenant: { id: string } };
}

export type TurnLogic = (context: TurnContext) => Promise<void>;

export class TeamsConnector {
  private readonly cloud: ExposedCloudAdapter;
  private readonly auth: ConfigurationBotFrameworkAuthentication;

  constructor(
    private readonly credentials: TeamsCredentials,
    private readonly timeoutMs: number,
    logger: Logger,
  ) {
    this.auth = new ConfigurationBotFrameworkAuthentication(authenticationOptions(credentials));
    this.cloud = new ExposedCloudAdapter(this.auth);
    // The turn logic catches its own errors; this only sees failures of botbuilder itself.
    this.cloud.onTurnError = async (context, err) => {
      logger.error({ err: err.message, activity: context.activity?.type }, 'teams turn failed');
      throw err;
    };
  }

  get authEnabled(): boolean {
    return !!this.credentials.appId;
  }

  /**
   * Authenticates the request's activity (its Bearer token against the
   * signing keys of the OpenID metadata, audience = the app id, issuer = the
   * Bot Framework, serviceurl claim = the activity's; skipped when no app id
   * is configured), then runs `logic`. The two steps are separate so that
   * only what authentication throws is read as being about the token:
   * 401 when the token is refused, 503 when the signing keys could not be
   * fetched to check it (the sender may try again); `logic` then never runs.
   * Anything else thrown before or during the turn is the bot's failure.
   */
  async process(req: IncomingRequest, logic: TurnLogic): Promise<ProcessResult> {
    const header = req.headers.authorization ?? req.headers.Authorization;
    const activity = withDates(req.body as Activity);
    let authenticated: Authenticated;
    try {
      authenticated = await withDeadline(this.auth.authenticateRequest(activity, typeof header === 'string' ? header : ''), AUTHENTICATION_DEADLINE_MS);
    } catch (err) {
      const failure = translateTeamsAuthFailure(err);
      if (!failure) throw err;
      if (failure instanceof TeamsSigningKeysUnavailableError) return { status: 503, body: { error: 'Service Unavailable' }, refusal: failure.reason };
      return { status: 401, body: { error: 'Unauthorized' }, refusal: failure.reason };
    }
    const invoke = await this.cloud.run(authenticated, activity, logic);
    return { status: invoke?.status ?? 200, ...(invoke?.body !== undefined ? { body: invoke.body } : {}) };
  }

  /** Posts into a conversation: a new message (in a channel, a new thread). Returns the new message's id. */
  async send(reference: StoredReference, conversationId: string, activity: Partial<Activity>): Promise<string> {
    const r = await this.call(reference, (api, options) => api.sendToConversation(conversationId, activity, options));
    return r.id ?? '';
  }

  /** Posts a reply to a message of a conversation (in a personal or group chat: below it). */
  async reply(reference: StoredReference, conversationId: string, replyToId: string, activity: Partial<Activity>): Promise<string> {
    const r = await this.call(reference, (api, options) => api.replyToActivity(conversationId, replyToId, { ...activity, replyToId }, options));
    return r.id ?? '';
  }

  /**
   * Opens the 1:1 chat of a person (their Entra object id, in their organisation) with the bot,
   * through the connector of `via` (a conversation the bot has: its serviceUrl); Teams answers
   * the chat's id, the same one each time. Returns it.
   */
  async createPersonalChat(via: StoredReference, aadTenantId: string, aadObjectId: string): Promise<string> {
    const r = await this.call(via, (api, options) =>
      api.createConversation({ isGroup: false, bot: via.bot, members: [{ id: aadObjectId }], tenantId: aadTenantId, channelData: { tenant: { id: aadTenantId } } }, options),
    );
    if (!r.id) throw new TeamsConversationUnknownError(`personal chat of ${aadObjectId}`);
    return r.id;
  }

  /** Replaces a message the bot posted (an escalation card after a claim). */
  async update(reference: StoredReference, conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.call(reference, (api, options) => api.updateActivity(conversationId, activityId, { ...activity, id: activityId }, options));
  }

  /**
   * Runs one connector call in a proactive turn (botbuilder fetches the bot's
   * token for the reference's serviceUrl). The connector client retries 429
   * and 5xx itself; the deadline bounds the whole call, retries included.
   */
  private async call<T>(reference: StoredReference, work: (api: ConversationsApi, options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    const holder: { result?: T } = {};
    try {
      await this.cloud.continueConversationAsync(this.credentials.appId ?? '', reference as Partial<ConversationReference>, async (context) => {
        const client = context.turnState.get(this.cloud.ConnectorClientKey) as { conversations: ConversationsApi } | undefined;
        if (!client) throw new Error('no connector client in the proactive turn');
        holder.result = await work(client.conversations, { abortSignal: AbortSignal.timeout(this.timeoutMs) });
      });
    } catch (err) {
      throw translateTeamsError(err);
    }
    return holder.result as T;
  }
}

/** `work`, or TeamsSigningKeysUnavailableError if it takes longer than `ms` (it is left to finish on its own). */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TeamsSigningKeysUnavailableError(`signing keys unavailable: no answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // a late failure has nobody to tell
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The timestamps as Date objects, as botbuilder's own request pipeline does. */
function withDates(activity: Activity): Activity {
  const a = activity as Activity & { timestamp?: unknown; localTimestamp?: unknown };
  if (typeof a.timestamp === 'string') a.timestamp = new Date(a.timestamp);
  if (typeof a.localTimestamp === 'string') a.localTimestamp = new Date(a.localTimestamp);
  return a;
}
