import type { FastifyInstance } from 'fastify';
import type { HTTPReceiver } from '@slack/bolt';
import type { DatabaseHealth } from '../../db/health.js';
import { isDatabaseOutage, retryThroughOutage } from '../../db/outage.js';
import type { Card, Outbound, OutboundFile } from '../../handlers/cards.js';
import type { InboundHandler } from '../../handlers/handle-inbound.js';
import { t } from '../../core/i18n/t.js';
import type { HandlerServices } from '../../handlers/services.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { ChatAdapter, ChatRegistry, PostOptions } from '../../handlers/chat-adapter.js';
import type { SlackConfig } from '../../core/config.js';
import { OtasukeError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { toBlockKit } from './block-kit-renderer.js';
import { PostgresInstallationStore } from './installation-store.js';
import { isGoneMessage, isUnreachableChannel, SlackNotInstalledError, SlackUnavailableError, translateSlackError } from './slack-errors.js';
import { destinationOf, parseRef, PLATFORM, threadRefOf } from './slack-ids.js';
import { registerSlackListeners } from './slack-listeners.js';
import { boltLogger } from './slack-logger.js';
import { learnIdentity, type SlackIdentity } from './slack-identity.js';
import { SlackPeople } from './slack-people.js';
import { SlackEventInbox } from './slack-event-inbox.js';
import { createSlackBolt, mountSlackRoutes, type SlackBolt } from './slack-receiver.js';
import { TokenSealer } from './token-sealer.js';
import { InstalledWorkspaceTokens, SingleWorkspaceTokens, SlackClients, webClientOptions } from './slack-web-client.js';

export interface SlackAdapterDeps {
  config: SlackConfig;
  handler: InboundHandler;
  services: HandlerServices;
  logger: Logger;
  defaultLang: Lang;
  /** The other adapters: a Slack responder's reply may be addressed to a Teams asker (bridging). */
  chat?: ChatRegistry;
  /**
   * Whether the database answers: while it does not, events are answered 503 (Slack delivers them
   * again) instead of acknowledged with nowhere to keep them. Unset → always taken in.
   */
  health?: DatabaseHealth;
}

/** Who an inbound came from and how to answer them privately. */
export interface DeliveryContext {
  /** Workspace of the inbound. */
  team: string;
  /** Slack user id of the person who sent it. */
  user: string;
  /** response_url of a slash command or button press: private replies go there first. */
  responseUrl?: string;
  /** Ref a slash command was typed in: the core's replies to it are shown to the sender only. */
  commandRef?: string;
}

/** Button actions that only escalation cards carry: a card with one is a responder card of that case. */
const CASE_CARD_ACTIONS = new Set(['case.claim', 'case.resolve', 'case.release', 'case.save_draft']);
const CASE_NUMBER = /^OT-\d{1,12}$/;
/** Message metadata type of posts that carry a delivery id (ChatAdapter.findDelivery). */
const DELIVERY_EVENT_TYPE = 'otasuke_delivery';
/** How many of a channel's latest messages findDelivery reads. */
const DELIVERY_LOOKBACK = 200;
/** How long an acknowledged event not yet kept anywhere is held in memory for the database to come back. */
const HOLD_FOR_DATABASE_MS = 5 * 60_000;
/** How long stop() waits for replies still being worked on after their ack. */
const DRAIN_MS = 10_000;

/**
 * The Slack side of the ChatAdapter port. Inbound: Bolt receives (HTTP or
 * Socket Mode), the listeners acknowledge at once and hand neutral Inbounds
 * to the core. Outbound: cards rendered with toBlockKit and posted with the
 * token of the workspace the ref names, so a tenant's workspace and the
 * vendor's responders channel each get the right installation.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly installations: PostgresInstallationStore;
  readonly clients: SlackClients;
  readonly people: SlackPeople;
  readonly bolt: SlackBolt;
  readonly logger: Logger;
  private readonly tokens: SingleWorkspaceTokens | InstalledWorkspaceTokens;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Single-workspace mode: who the bot is, from the one auth.test at start (Bolt's authorize hands it out). */
  private identity?: SlackIdentity;
  private readonly stopping = new AbortController();
  private replayTimer?: NodeJS.Timeout;
  private replaying = false;

  constructor(readonly deps: SlackAdapterDeps) {
    this.logger = deps.logger.child({ component: 'slack' });
    const sdkLogger = boltLogger(deps.logger);
    this.installations = new PostgresInstallationStore(deps.services.db, {
      defaultResponderGroup: deps.config.defaultResponderGroup,
      ...(deps.config.tokenKey ? { sealer: new TokenSealer(deps.config.tokenKey) } : {}),
    });
    this.tokens = deps.config.botToken ? new SingleWorkspaceTokens(deps.config.botToken) : new InstalledWorkspaceTokens(this.installations, deps.services.policy.outageRetryMs);
    this.clients = new SlackClients(this.tokens, webClientOptions(deps.config, sdkLogger), (team) => this.installations.forget(team));
    this.people = new SlackPeople(deps.services.directory, this.clients, this.logger, deps.defaultLang);
    const events = new SlackEventInbox(deps.services.db, this.logger, deps.config.eventReplayMs);
    this.bolt = createSlackBolt(deps.config, this.installations, sdkLogger, { events, logger: this.logger }, () => this.identity);
    registerSlackListeners(this);
  }

  /** HTTP mode: the Events API, interactivity, slash commands and OAuth routes on the bot's HTTP server. */
  async mount(http: FastifyInstance): Promise<void> {
    if (this.bolt.mode === 'http') await mountSlackRoutes(http, this.bolt.receiver as HTTPReceiver, !!this.deps.config.oauth, this.logger, () => this.ready);
  }

  /** False in single-workspace mode until the bot's identity is known, and while the database is down: Slack is not served then. */
  get ready(): boolean {
    if (this.deps.health && !this.deps.health.up) return false;
    return !(this.tokens instanceof SingleWorkspaceTokens) || this.identity !== undefined;
  }

  async start(): Promise<void> {
    if (this.tokens instanceof SingleWorkspaceTokens) {
      // One auth.test for the life of the process (retried through transient failures); the
      // workspace the token belongs to becomes (or stays) a tenant, like an installed one.
      const identity = await learnIdentity(this.clients.anonymous(), this.deps.config.botToken!, this.logger, { signal: this.stopping.signal });
      await this.waitOutOutage(() => this.installations.registerWorkspace(identity.teamId, identity.teamName, { userId: identity.botUserId, id: identity.botId }));
      this.tokens.team = identity.teamId;
      this.identity = identity;
      this.logger.info({ team: identity.teamId, botUserId: identity.botUserId }, 'slack: single-workspace mode');
    }
    if (this.deps.config.oauth) {
      const sealed = await this.installations.sealStoredInstallations();
      if (sealed > 0) this.logger.info({ sealed }, 'slack: sealed installations stored before SLACK_TOKEN_KEY was set');
      else if (!this.deps.config.tokenKey) this.logger.warn('slack: SLACK_TOKEN_KEY is not set; bot tokens are stored in PostgreSQL as Slack sent them');
    }
    if (this.bolt.mode === 'socket') await this.bolt.app.start();
    // Events a dead process had acknowledged but not finished (SlackEventInbox): looked for at start and then
    // a few times per replay period, so one is taken up within about 1.3 × SLACK_EVENT_REPLAY_MS.
    void this.replayStale();
    this.replayTimer = setInterval(() => void this.replayStale(), Math.max(250, Math.floor(this.deps.config.eventReplayMs / 3)));
    this.replayTimer.unref();
    this.logger.info({ mode: this.bolt.mode, oauth: !!this.deps.config.oauth }, 'slack adapter started');
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.replayTimer);
    if (this.bolt.mode === 'socket') await this.bolt.app.stop().catch(() => undefined);
    // Replies already acknowledged to Slack are finished before the database closes (bounded).
    const drained = Promise.allSettled([...this.inFlight]);
    await Promise.race([drained, new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
  }

  /** Replays the kept events nobody finished; one pass at a time per process, none while not ready. */
  async replayStale(): Promise<number> {
    if (this.replaying || !this.ready || this.stopping.signal.aborted) return 0;
    this.replaying = true;
    try {
      let replayed = 0;
      await this.track(async () => {
        replayed = await this.bolt.keeping.replayStale();
      });
      return replayed;
    } finally {
      this.replaying = false;
    }
  }

  /** Runs work that continues after the ack; stop() waits for it. Never throws. */
  track(work: () => Promise<void>): Promise<void> {
    const p = work().catch((err: unknown) => this.logger.error({ err: (err as Error).message }, 'slack: background work failed'));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  async post(to: string, card: Card, options: PostOptions = {}): Promise<{ threadRef: string }> {
    const ref = parseRef(to);
    const message = toBlockKit(card, { allowLeadingMention: !ref.ts });
    // Message metadata carries the delivery id, invisible to people, readable by findDelivery.
    const metadata = options.deliveryId ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: options.deliveryId } } } : {};
    const r = await this.clients.call(ref.team, (c) =>
      c.chat.postMessage({
        channel: ref.channel,
        ...(ref.ts ? { thread_ts: ref.ts } : {}),
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...metadata,
      }),
    );
    // Posting to a user id opens the DM: the thread lives in the channel Slack answers with.
    const channel = typeof r.channel === 'string' ? r.channel : ref.channel;
    const ts = ref.ts ?? String(r.ts);
    if (!ref.ts) await this.rememberCaseCard(card, ref.team, channel, String(r.ts));
    return { threadRef: threadRefOf(ref.team, channel, ts) };
  }

  /**
   * Reads the destination channel's latest messages back (conversations.history with metadata)
   * for one carrying this delivery id; for a thread ref, the thread's replies (conversations.replies).
   */
  async findDelivery(to: string, card: Card, deliveryId: string): Promise<{ threadRef: string } | null> {
    const ref = parseRef(to);
    if (ref.ts) {
      // A reply in a thread (the outbox's): the thread's replies are read back instead.
      const r = await this.clients.call(ref.team, (c) =>
        c.conversations.replies({ channel: ref.channel, ts: ref.ts!, include_all_metadata: true, limit: DELIVERY_LOOKBACK }),
      );
      const hit = (r.messages ?? []).some((m) => {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
        return meta?.event_type === DELIVERY_EVENT_TYPE && meta.event_payload?.delivery_id === deliveryId;
      });
      return hit ? { threadRef: to } : null;
    }
    const r = await this.clients.call(ref.team, (c) =>
      c.conversations.history({ channel: ref.channel, include_all_metadata: true, limit: DELIVERY_LOOKBACK }),
    );
    const hit = (r.messages ?? []).find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
      return meta?.event_type === DELIVERY_EVENT_TYPE && meta.event_payload?.delivery_id === deliveryId;
    });
    if (!hit?.ts) return null;
    await this.rememberCaseCard(card, ref.team, ref.channel, hit.ts);
    return { threadRef: threadRefOf(ref.team, ref.channel, hit.ts) };
  }

  async update(refText: string, card: Card): Promise<void> {
    const ref = parseRef(refText);
    if (!ref.ts) throw new SlackUnavailableError(`cannot update ${refText}: not a message ref`);
    const message = toBlockKit(card, { allowLeadingMention: true });
    await this.clients.call(ref.team, (c) => c.chat.update({ channel: ref.channel, ts: ref.ts!, text: message.text, blocks: message.blocks }));
  }

  /**
   * Delivers the core's replies in order. A failure of one is logged and
   * does not stop the others. `senderOnly` replies, and the replies to a
   * slash command, are shown to the sender alone; `replace` cards update the
   * case's cards in place.
   */
  async deliver(outbounds: Outbound[], ctx?: DeliveryContext): Promise<void> {
    // After a reply of the outbox failed, the outbox's later ones are left to its sweep: order is kept.
    let stalled = false;
    for (const o of outbounds) {
      if (o.outboxId !== undefined && stalled) continue;
      try {
        if (!o.to.startsWith(`${PLATFORM}:`)) {
          await this.deliverElsewhere(o);
        } else if (ctx && (o.senderOnly || (ctx.commandRef !== undefined && o.to === ctx.commandRef))) await this.replyPrivately(o, ctx);
        else if (o.replace) await this.replaceCaseCards(o.to, o.card);
        else {
          // The outbox row's key rides along as message metadata: a later delivery finds the post.
          const { threadRef } = await this.post(o.to, o.card, o.idemKey ? { deliveryId: o.idemKey } : {});
          if (o.file) await this.upload(threadRef, o.file);
        }
        if (o.outboxId !== undefined) await this.deps.services.outbox?.sent(o.outboxId);
      } catch (err) {
        if (o.outboxId !== undefined) stalled = true;
        const e = translateSlackError(err);
        this.logger.error({ code: e.code, err: e.message, to: o.to }, 'slack: could not deliver a reply');
      }
    }
  }

  /** A reply for another platform's thread (bridged case): handed to the adapter that owns the ref. */
  private async deliverElsewhere(o: Outbound): Promise<void> {
    const target = this.deps.chat?.forRef(o.to);
    if (!target) throw new SlackUnavailableError(`no chat adapter for ${o.to.split(':', 1)[0]}`);
    if (o.replace && target.update) await target.update(o.to, o.card);
    else await target.post(o.to, o.card, o.idemKey ? { deliveryId: o.idemKey } : {});
  }

  /**
   * A reply only the sender sees: through the response_url of their command
   * or press when there is one, else an ephemeral message in the channel,
   * else (the bot is not in that channel) a direct message. A file goes to
   * their direct messages, since an ephemeral message cannot carry one.
   */
  private async replyPrivately(o: Outbound, ctx: DeliveryContext): Promise<void> {
    const dm = destinationOf(ctx.team, ctx.user);
    if (o.file) {
      const { threadRef } = await this.post(dm, o.card);
      await this.upload(threadRef, o.file);
      const lang = o.card.blocks.some((b) => 'text' in b && /[\u3040-\u30ff\u4e00-\u9fff]/.test(b.text)) ? 'ja' : 'en';
      o = { ...o, card: { blocks: [{ kind: 'text', text: t(lang, 'slack.file.sentToDm', { name: o.file.name }) }] }, file: undefined };
    }
    const message = toBlockKit(o.card);
    if (ctx.responseUrl && (await this.respond(ctx.responseUrl, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }))) return;
    const ref = safeParse(o.to);
    if (ref && ref.team === ctx.team && !ref.channel.startsWith('U') && !ref.channel.startsWith('W')) {
      try {
        await this.clients.call(ref.team, (c) =>
          c.chat.postEphemeral({ channel: ref.channel, user: ctx.user, ...(ref.ts ? { thread_ts: ref.ts } : {}), text: message.text, blocks: message.blocks }),
        );
        return;
      } catch (err) {
        const e = translateSlackError(err);
        if (!isUnreachableChannel(e)) throw e;
      }
    }
    await this.post(dm, o.card);
  }

  /** POSTs to a response_url (no token needed); false when Slack did not take it. */
  async respond(url: string, payload: Record<string, unknown>): Promise<boolean> {
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.deps.config.httpTimeoutMs),
      });
      if (!r.ok) this.logger.warn({ status: r.status }, 'slack: response_url refused the reply');
      return r.ok;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'slack: response_url unreachable');
      return false;
    }
  }

  /**
   * The case's cards take the new look: the card the ref names, and every
   * other card of the same case the bot posted (re-notifications of later
   * tiers), so no stale Claim button is left anywhere. A card that is gone
   * is posted anew in its place.
   */
  private async replaceCaseCards(to: string, card: Card): Promise<void> {
    const ref = parseRef(to);
    if (!ref.ts) {
      await this.post(to, card);
      return;
    }
    const targets = new Map<string, { team: string; channel: string; ts: string }>([[to, { team: ref.team, channel: ref.channel, ts: ref.ts }]]);
    const number = caseNumberOf(card);
    if (number) {
      const r = await this.deps.services.db.query<{ team_id: string; channel_id: string; ts: string }>(
        'SELECT team_id, channel_id, ts FROM slack_case_cards WHERE case_number = $1 ORDER BY posted_at',
        [number],
      );
      for (const row of r.rows) targets.set(threadRefOf(row.team_id, row.channel_id, row.ts), { team: row.team_id, channel: row.channel_id, ts: row.ts });
    }
    for (const [target, where] of targets) {
      try {
        await this.update(target, card);
      } catch (err) {
        const e = translateSlackError(err);
        if (target === to && isGoneMessage(e)) await this.post(destinationOf(where.team, where.channel), card);
        else this.logger.warn({ code: e.code, err: e.message, card: target }, 'slack: could not update a case card');
      }
    }
  }

  private async rememberCaseCard(card: Card, team: string, channel: string, ts: string): Promise<void> {
    const number = (card.buttons ?? []).find((b) => CASE_CARD_ACTIONS.has(b.actionId) && CASE_NUMBER.test(b.value))?.value;
    if (!number) return;
    // The card is in the channel already: remembering it waits out a database restart, or later
    // changes to the case could not update it in place.
    await this.waitOutOutage(() =>
      this.deps.services.db.query('INSERT INTO slack_case_cards (case_number, team_id, channel_id, ts) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [number, team, channel, ts]),
    ).catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'slack: could not remember a case card'));
  }

  /** Uploads a file into a thread (files.uploadV2: get an upload URL, send the bytes, complete). */
  async upload(threadRef: string, file: OutboundFile): Promise<void> {
    const ref = parseRef(threadRef);
    const common = { channel_id: ref.channel, file: file.data, filename: file.name, title: file.name };
    await this.clients.call(ref.team, (c) => c.filesUploadV2(ref.ts ? { ...common, thread_ts: ref.ts } : common));
  }

  /**
   * A workspace with no installation cannot be answered through the Web API
   * (there is no token); a slash command or button press still carries a
   * response_url, which needs none. The refusal is in both languages (who is
   * asking is unknown) and claims nothing was recorded, because nothing was.
   */
  async refuseNotInstalled(team: string, responseUrl: string | undefined): Promise<void> {
    this.logger.warn({ team }, 'slack: request from a workspace that is not installed refused');
    if (!responseUrl) return;
    const text = `${t('ja', 'slack.notInstalled')}\n${t('en', 'slack.notInstalled')}`;
    await this.respond(responseUrl, { response_type: 'ephemeral', replace_original: false, text });
  }

  /**
   * Runs work after an ack again while the database restarts (bounded by DB_OUTAGE_RETRY_MS).
   * An outage longer than that: the event is acknowledged and kept nowhere yet, so it is held
   * here until the database answers again (up to HOLD_FOR_DATABASE_MS, while new events are
   * refused with 503), then tried once more, rather than asking the person to resend.
   */
  async waitOutOutage<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.retryThroughOutage(work);
    } catch (err) {
      const health = this.deps.health;
      if (!health || !isDatabaseOutage(err)) throw err;
      const until = Date.now() + HOLD_FOR_DATABASE_MS;
      while (!health.up && Date.now() < until && !this.stopping.signal.aborted) await new Promise((r) => setTimeout(r, 250));
      return this.retryThroughOutage(work);
    }
  }

  private retryThroughOutage<T>(work: () => Promise<T>): Promise<T> {
    return retryThroughOutage(work, {
      retryMs: this.deps.services.policy.outageRetryMs,
      onRetry: (err, attempt, waitMs) => {
        // New events are refused (503, delivered again by Slack) until the database answers again.
        this.deps.health?.markDown();
        this.logger.warn({ attempt, waitMs, err: (err as Error).message }, 'slack: database unreachable, waiting');
      },
    });
  }

  /** The polite answer when something failed after the ack: never a stack trace, never a Slack retry. */
  async apologize(ctx: DeliveryContext, threadRef: string | undefined, err: unknown, lang: Lang): Promise<void> {
    if (err instanceof SlackNotInstalledError) {
      // No token for that workspace: nothing was taken in, and only a response_url can still say so.
      await this.refuseNotInstalled(err.team, ctx.responseUrl);
      return;
    }
    // An error of unknown kind (the database gone, a bug) is told as temporary: the person should try again.
    const e = err instanceof OtasukeError ? err : null;
    this.logger.error({ code: e?.code ?? 'INTERNAL', err: (err as Error).message, team: ctx.team }, 'slack: request failed after the ack');
    const key = !e || e.userMessageKey === 'error.temporary' ? 'error.temporary' : 'error.generic';
    const to = threadRef ?? destinationOf(ctx.team, ctx.user);
    await this.deliver([{ to, card: { blocks: [{ kind: 'text', text: t(lang, key) }] }, senderOnly: true }], ctx).catch(() => undefined);
  }
}

/** The case number a responder card is about, from its buttons (they all carry it). */
function caseNumberOf(card: Card): string | undefined {
  const fromButtons = (card.buttons ?? []).find((b) => CASE_CARD_ACTIONS.has(b.actionId) && CASE_NUMBER.test(b.value))?.value;
  if (fromButtons) return fromButtons;
  // A resolved or closed card may have no buttons left; its title still names the case.
  const first = card.blocks.find((b) => b.kind === 'text');
  return first && 'text' in first ? /\bOT-\d{6,12}\b/.exec(first.text)?.[0] : undefined;
}

function safeParse(ref: string): ReturnType<typeof parseRef> | null {
  try {
    return parseRef(ref);
  } catch {
    return null;
  }
}
