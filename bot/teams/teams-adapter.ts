import crypto from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Database } from '../../db/database.js';
import type { Card, Outbound, OutboundFile } from '../../handlers/cards.js';
import type { InboundHandler } from '../../handlers/handle-inbound.js';
import type { HandlerServices } from '../../handlers/services.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { ChatAdapter, ChatRegistry, PostResult } from '../../handlers/chat-adapter.js';
import type { ReplyOutbox } from '../../handlers/replies/reply-outbox.js';
import type { TeamsConfig } from '../../core/config.js';
import { toOtasukeError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { CARD_CONTENT_TYPE, cardLang, cardSummary, toAdaptiveCard, type AdaptiveCard } from './adaptive-card-renderer.js';
import { TeamsConnector, type IncomingRequest } from './teams-connector.js';
import { InvalidTeamsRefError, isGoneMessage, TeamsConversationUnknownError } from './teams-errors.js';
import { caseNumberOf, DIALOG_ACTIONS, fileLinkCard, inlineFileCard } from './teams-forms.js';
import { conversationIdOf, destinationOf, parseIdentity, parseRef, threadRefOf, type TeamsRef } from './teams-ids.js';
import { TeamsStore, type StoredConversation } from './teams-store.js';
import { TeamsTurn, type RequestState } from './teams-turn.js';
import { retryThroughOutage } from '../../db/outage.js';
import { t } from '../../core/i18n/t.js';

export interface TeamsAdapterDeps {
  config: TeamsConfig;
  db: Database;
  services: Pick<HandlerServices, 'directory' | 'cases' | 'policy' | 'db'>;
  handler: InboundHandler;
  /** Every adapter of the process: replies to a case bridged to Slack go out through the Slack one. */
  chat: ChatRegistry;
  /** The reply outbox: replies on record are marked sent with their activity's id as they are posted. */
  outbox?: ReplyOutbox;
  logger: Logger;
  defaultLang: Lang;
}

/** What /api/messages answers. */
export interface TeamsHttpResult {
  status: number;
  body?: unknown;
}

/** Characters of a text file shown inline when no download link can be offered. */
const INLINE_FILE_CHARS = 12_000;
const STOP_DEADLINE_MS = 10_000;

/**
 * Microsoft Teams through the Bot Framework. Receives activities on
 * /api/messages (authenticated by botbuilder when an app id is configured),
 * answers each within Teams' turn timeout (typing first, the answer
 * proactively once ready), and posts, replies and updates Adaptive Cards from
 * conversation references kept in PostgreSQL, so any process can post.
 */
export class TeamsAdapter implements ChatAdapter {
  readonly platform = 'teams';
  readonly store: TeamsStore;
  readonly connector: TeamsConnector;
  private readonly turn: TeamsTurn;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private stopping = false;

  constructor(private readonly deps: TeamsAdapterDeps) {
    this.store = new TeamsStore(deps.db);
    this.connector = new TeamsConnector(
      {
        appId: deps.config.appId,
        appPassword: deps.config.appPassword,
        appTenantId: deps.config.appTenantId,
        appType: deps.config.appType,
        ...(deps.config.openIdMetadataUrl ? { openIdMetadataUrl: deps.config.openIdMetadataUrl } : {}),
      },
      deps.config.httpTimeoutMs,
      deps.logger,
    );
    this.turn = new TeamsTurn({ adapter: this, store: this.store, services: deps.services, handler: deps.handler, logger: deps.logger, defaultLang: deps.defaultLang });
  }

  get config(): TeamsConfig {
    return this.deps.config;
  }

  /** Handles one POST to /api/messages: authenticate, run the turn, answer. */
  async receive(req: IncomingRequest): Promise<TeamsHttpResult> {
    if (this.stopping) return { status: 503, body: { error: 'shutting down' } };
    const header = req.headers.authorization ?? req.headers.Authorization;
    // Cheap refusal of the obvious case before botbuilder (which would also answer 401).
    if (this.connector.authEnabled && (typeof header !== 'string' || !/^Bearer\s+\S+$/i.test(header))) {
      this.deps.logger.warn({ reason: 'no bearer token' }, 'teams request rejected');
      return { status: 401, body: { error: 'Unauthorized' } };
    }
    // A body that is not an activity at all is the sender's mistake (botbuilder's own pipeline would throw): 400.
    if (!isActivityShaped(req.body)) {
      this.deps.logger.warn({ reason: 'not an activity' }, 'teams request refused');
      return { status: 400, body: { error: 'malformed activity' } };
    }
    const state: RequestState = {};
    let result;
    try {
      result = await this.connector.process(req, (context) => this.turn.run(context, state));
    } catch (err) {
      this.deps.logger.error({ err: (err as Error).message }, 'teams request failed');
      return { status: 500, body: { error: 'internal error' } };
    }
    if (result.status === 401) {
      this.deps.logger.warn({ code: 'TEAMS_UNAUTHENTICATED', reason: result.refusal ?? 'invalid token' }, 'teams request rejected');
      return { status: 401, body: result.body };
    }
    if (result.status === 503 && result.refusal) {
      // Not the sender's fault, and not a refusal: Teams does not retry a 401, so a key outage must not look like one.
      this.deps.logger.error({ code: 'TEAMS_SIGNING_KEYS_UNAVAILABLE', reason: result.refusal }, 'teams request not checked: signing keys unavailable');
      return { status: 503, body: result.body };
    }
    if (state.malformed) return { status: 400, body: { error: 'malformed activity' } };
    if (state.failed) return { status: 500, body: { error: 'internal error' } };
    return result;
  }

  async post(to: string, card: Card): Promise<PostResult> {
    return this.postActivity(to, this.cardActivity(card), caseNumberOf(card));
  }

  /**
   * Replaces the card that started the thread `ref` and every other card of
   * the same case (re-notifications of later tiers), so all of them show the
   * case as it is now. A card that is gone elsewhere is skipped; the one of
   * `ref` itself failing throws (the caller posts a new card instead).
   */
  async update(ref: string, card: Card): Promise<void> {
    const target = parseRef(ref);
    if (!target.messageId) throw new InvalidTeamsRefError(ref);
    const number = caseNumberOf(card) ?? (await this.throughOutage(() => this.store.caseOfCard(target.conversationId, target.messageId!)));
    const cards = number ? await this.throughOutage(() => this.store.caseCards(number)) : [];
    const activity = this.cardActivity(card);
    await this.updateOne(target.conversationId, target.messageId, activity);
    for (const other of cards) {
      if (other.conversationId === target.conversationId && other.activityId === target.messageId) continue;
      await this.updateOne(other.conversationId, other.activityId, activity).catch((err: unknown) => {
        this.deps.logger.warn({ code: toOtasukeError(err).code, card: other.activityId }, 'teams card could not be updated');
      });
    }
  }

  /**
   * Delivers the core's replies: each to the adapter that owns its ref (a
   * Teams asker's message may go to a Slack responders' thread), an updated
   * card in place where possible, a file as a download link. One failed
   * delivery is logged and does not stop the others.
   */
  async deliver(outbounds: Outbound[]): Promise<void> {
    // After a reply of the outbox failed, the outbox's later ones are left to its sweep: order is kept.
    let stalled = false;
    for (const o of outbounds) {
      if (o.outboxId !== undefined && stalled) continue;
      const target = this.deps.chat.forRef(o.to);
      if (!target) {
        this.deps.logger.error({ to: o.to.split(':', 1)[0] }, 'no chat adapter for a reply');
        continue;
      }
      try {
        let messageRef: string | undefined;
        if (o.replace && target.update) {
          await target.update(o.to, o.card).catch(async (err: unknown) => {
            const e = toOtasukeError(err);
            if (target !== this || !isGoneMessage(e)) throw e;
            await target.post(o.to, o.card);
          });
        } else {
          messageRef = (await target.post(o.to, o.card, o.idemKey ? { deliveryId: o.idemKey } : {})).messageRef;
        }
        // Teams cannot read its messages back: the posted activity's id is recorded with the row at once.
        if (o.outboxId !== undefined) await this.deps.outbox?.sent(o.outboxId, messageRef);
        if (o.file && target === this) await this.postFile(o.to, o.file, cardLang(o.card));
      } catch (err) {
        if (o.outboxId !== undefined) stalled = true;
        const e = toOtasukeError(err);
        this.deps.logger.error({ code: e.code, err: e.message, platform: target.platform }, 'reply could not be delivered');
      }
    }
  }

  /** Runs background work the turn does not wait for; `idle()` and `stop()` wait for it. */
  track<T>(work: Promise<T>): void {
    const p = work.catch((err: unknown) => this.deps.logger.error({ err: (err as Error).message }, 'teams background work failed'));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Runs `work` after the earlier work of the same conversation, so replies come out in order. */
  serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const settled = next.catch(() => undefined);
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return next;
  }

  /** Resolves when no background work is left (tests use it). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async start(): Promise<void> {
    this.stopping = false;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_DEADLINE_MS)))]);
    clearTimeout(timer);
  }

  /** The message activity of a card: the Adaptive Card and a plain preview for notifications. */
  cardActivity(card: Card): Partial<Activity> {
    return this.adaptiveActivity(toAdaptiveCard(card, { dialogActions: DIALOG_ACTIONS }), cardSummary(card));
  }

  adaptiveActivity(card: AdaptiveCard, summary?: string): Partial<Activity> {
    return { type: 'message', ...(summary ? { summary } : {}), attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] };
  }

  /**
   * Posts into a destination (a new message; in a channel, a new thread whose
   * ref is returned) or a thread (a channel reply chain, or below the first
   * message of a chat's case).
   */
  async postActivity(to: string, activity: Partial<Activity>, caseNumber?: string | null): Promise<PostResult> {
    // A person (their identity): into their personal chat with the bot, opened if need be.
    const person = parseIdentity(to);
    if (person) to = await this.personalChatOf(person.aadTenantId, person.aadObjectId);
    const ref = parseRef(to);
    const conversation = await this.conversation(ref.conversationId);
    if (ref.messageId) {
      const id =
        conversation.conversationType === 'channel'
          ? await this.connector.send(conversation.reference, conversationIdOf(ref), activity)
          : await this.connector.reply(conversation.reference, ref.conversationId, ref.messageId, activity);
      return { threadRef: to, ...(id ? { messageRef: threadRefOf(ref.conversationId, id) } : {}) };
    }
    const id = await this.connector.send(conversation.reference, ref.conversationId, activity);
    if (!id) return { threadRef: to };
    // Posted: recording it must not fail the post (a retry would post the card twice).
    if (caseNumber) await this.throughOutage(() => this.store.recordCaseCard(caseNumber, ref.conversationId, id));
    return { threadRef: threadRefOf(ref.conversationId, id), messageRef: threadRefOf(ref.conversationId, id) };
  }

  /**
   * A reply is posted after the turn was acknowledged: Teams will not send the
   * activity again, so the store's reads and writes around a post wait out a
   * database restart instead of losing the reply.
   */
  private throughOutage<T>(work: () => Promise<T>): Promise<T> {
    return retryThroughOutage(work, {
      retryMs: this.deps.services.policy.outageRetryMs,
      onRetry: (err, attempt, waitMs) => this.deps.logger.warn({ attempt, waitMs, err: (err as Error).message }, 'database unreachable: the Teams reply waits'),
    });
  }

  /**
   * The destination of a person's 1:1 chat with the bot (a direct message to someone who may
   * never have written to it: the person at a machine an alert names, an on-call page). Teams
   * gives the same chat each time; its reference is kept like any other conversation's.
   */
  private async personalChatOf(aadTenantId: string, aadObjectId: string): Promise<string> {
    const gateway = await this.throughOutage(() => this.store.gatewayFor(aadTenantId));
    if (!gateway) throw new TeamsConversationUnknownError(`personal chat of ${aadObjectId} (the bot has no conversation to reach Teams through)`);
    const id = await this.connector.createPersonalChat(gateway.reference, aadTenantId, aadObjectId);
    const reference = { ...gateway.reference, conversation: { id, conversationType: 'personal' as const, tenantId: aadTenantId } };
    await this.throughOutage(() => this.store.saveConversation({ conversationId: id, aadTenantId, reference }));
    return destinationOf(id);
  }

  private async updateOne(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void> {
    const conversation = await this.conversation(conversationId);
    await this.connector.update(conversation.reference, conversationId, activityId, activity);
  }

  private async conversation(conversationId: TeamsRef['conversationId']): Promise<StoredConversation> {
    const stored = await this.throughOutage(() => this.store.conversation(conversationId));
    if (!stored) throw new TeamsConversationUnknownError(conversationId);
    return stored;
  }

  /**
   * A file (an exported report) as a link to a short-lived download the bot
   * serves itself: Teams takes no PDF attachment from a bot outside a
   * personal chat's file-consent flow. Without a public URL, a text file is
   * shown inline and anything else is explained.
   */
  private async postFile(to: string, file: OutboundFile, lang: Lang): Promise<void> {
    const { publicUrl, fileLinkMinutes } = this.deps.config;
    if (publicUrl) {
      const token = crypto.randomBytes(32).toString('base64url');
      await this.store.saveFile(hashToken(token), {
        name: file.name,
        contentType: file.contentType,
        data: file.data,
        expiresAt: new Date(Date.now() + fileLinkMinutes * 60_000),
      });
      const url = `${publicUrl.replace(/\/+$/, '')}/teams/files/${token}`;
      await this.postActivity(to, this.adaptiveActivity(fileLinkCard(lang, { name: file.name, size: file.data.length }, url, fileLinkMinutes)));
      return;
    }
    const card = file.contentType.startsWith('text/')
      ? inlineFileCard(lang, file.name, file.data.toString('utf8'), INLINE_FILE_CHARS)
      : inlineNotice(lang);
    await this.postActivity(to, this.adaptiveActivity(card));
  }
}

function inlineNotice(lang: Lang): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', lang, body: [{ type: 'TextBlock', text: t(lang, 'teams.file.unavailable'), wrap: true }] };
}

function isActivityShaped(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { type?: unknown }).type === 'string';
}

/** Download links carry a random token; only its hash is stored. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
