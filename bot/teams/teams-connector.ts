import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type ConversationReference, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';
import { translateTeamsAuthFailure, translateTeamsError } from './teams-errors.js';
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
}

/** What an HTTP request to the messaging endpoint carries. */
export interface IncomingRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What the endpoint answers: 200, an invoke response's status and body, or 401. */
export interface ProcessResult {
  status: number;
  body?: unknown;
  /** Why a 401: what was wrong with the token, or that the signing keys could not be fetched (for the log). */
  refusal?: string;
}

/**
 * CloudAdapter with its request pipeline opened up: `process()` of the base
 * class writes to an Express-style response and prints every refused token
 * with console.error; this runs the same authentication and turn and hands
 * the outcome back, so the adapter answers and logs it the project's way.
 */
class ExposedCloudAdapter extends CloudAdapter {
  run(authHeader: string, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** The connector operations the adapter uses (a structural slice of botframework-connector's Conversations). */
interface ConversationsApi {
  sendToConversation(conversationId: string, activity: Partial<Activity>, options?: { abortSignal?: AbortSignal }): Promise<{ id?: string }>;
  replyToActivity(conversationId: string, activityId: string, activity: Partial<Activity>, options?: { abortSignal?: AbortSignal }): Promise<{ id?: string }>;
  updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export type TurnLogic = (context: TurnContext) => Promise<void>;

export class TeamsConnector {
  private readonly cloud: ExposedCloudAdapter;

  constructor(
    private readonly credentials: TeamsCredentials,
    private readonly timeoutMs: number,
    logger: Logger,
  ) {
    const auth = new ConfigurationBotFrameworkAuthentication(
      credentials.appId
        ? {
            MicrosoftAppId: credentials.appId,
            MicrosoftAppPassword: credentials.appPassword,
            MicrosoftAppTenantId: credentials.appTenantId,
            MicrosoftAppType: credentials.appType,
          }
        : {},
    );
    this.cloud = new ExposedCloudAdapter(auth);
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
   * Authenticates the request's activity (its Bearer token against the Bot
   * Framework's keys, audience = the app id, serviceUrl claim = the
   * activity's; skipped when no app id is configured) and runs `logic`.
   * 401 when the token is missing or invalid; `logic` then never runs.
   */
  async process(req: IncomingRequest, logic: TurnLogic): Promise<ProcessResult> {
    const header = req.headers.authorization ?? req.headers.Authorization;
    const activity = withDates(req.body as Activity);
    // Anything thrown before the turn starts is the token check failing: a refusal, whatever
    // the cause (a bad token, or the Bot Framework's signing keys out of reach), never a 500.
    let turnStarted = false;
    try {
      const invoke = await this.cloud.run(typeof header === 'string' ? header : '', activity, (context) => {
        turnStarted = true;
        return logic(context);
      });
      return { status: invoke?.status ?? 200, ...(invoke?.body !== undefined ? { body: invoke.body } : {}) };
    } catch (err) {
      const refused = turnStarted ? null : translateTeamsAuthFailure(err);
      if (refused) return { status: 401, body: { error: 'Unauthorized' }, refusal: refused.reason };
      throw err;
    }
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

/** The timestamps as Date objects, as botbuilder's own request pipeline does. */
function withDates(activity: Activity): Activity {
  const a = activity as Activity & { timestamp?: unknown; localTimestamp?: unknown };
  if (typeof a.timestamp === 'string') a.timestamp = new Date(a.timestamp);
  if (typeof a.localTimestamp === 'string') a.localTimestamp = new Date(a.localTimestamp);
  return a;
}
