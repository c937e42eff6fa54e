import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Queryable } from '../../db/database.js';
import { isDatabaseOutage } from '../../db/outage.js';
import type { Logger } from '../../core/logger.js';
import { ignoredBecause, isDirectMessage, isThreadReply, type SlackMessageEvent } from './slack-inbound.js';

/** How many times a kept event is replayed before it is given up (logged at error, row removed). */
export const MAX_REPLAYS = 5;

/**
 * The event id of a Slack event that may be a person writing to the bot — a DM, an @mention, a
 * reply in a thread — or undefined for everything else (a channel's own chatter, bots, edits,
 * interactivity): only those are kept, so a busy channel costs no writes.
 */
export function keptEventId(body: unknown): string | undefined {
  const b = body as { type?: unknown; event_id?: unknown; event?: SlackMessageEvent & { type?: unknown } } | undefined;
  if (!b || b.type !== 'event_callback' || typeof b.event_id !== 'string' || !b.event) return undefined;
  const e = b.event;
  if (e.type !== 'message' && e.type !== 'app_mention') return undefined;
  if (typeof e.channel !== 'string' || ignoredBecause(e) !== null) return undefined;
  if (e.type === 'app_mention' || isDirectMessage(e) || isThreadReply(e)) return b.event_id;
  return undefined;
}

/**
 * Slack events kept in PostgreSQL from before their acknowledgement until their handling is over
 * (table `slack_event_inbox`). Bolt acknowledges an event before any listener runs, and the
 * listener looks up the thread, the workspace and the person before the question gets its own
 * receipt: a process killed in that window would lose a question Slack never sends again. What
 * a dead process left is replayed through the app by any bot process once `replayAfterMs` has
 * passed; the question's receipt lets exactly one handling through.
 */
export class SlackEventInbox {
  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
    readonly replayAfterMs: number,
  ) {}

  /** Before the acknowledgement: a database that cannot take it throws, and the receiver answers 503. */
  async keep(eventId: string, body: unknown): Promise<void> {
    await this.db.query('INSERT INTO slack_event_inbox (event_id, body) VALUES ($1, $2::jsonb) ON CONFLICT (event_id) DO NOTHING', [eventId, JSON.stringify(body)]);
  }

  /** The event's handling is over (answered, ignored or refused): nothing left to replay. */
  async done(eventId: string): Promise<void> {
    await this.db.query('DELETE FROM slack_event_inbox WHERE event_id = $1', [eventId]);
  }

  /**
   * Events nobody finished within `replayAfterMs`, taken for this process (a new lease): at most
   * `limit`, oldest first. Rows replayed MAX_REPLAYS times already are removed and logged instead.
   */
  async takeStale(limit = 20): Promise<{ eventId: string; body: unknown; replays: number }[]> {
    const r = await this.db.query<{ event_id: string; body: unknown; replays: number }>(
      `UPDATE slack_event_inbox SET taken_at = now(), replays = replays + 1
        WHERE event_id IN (
          SELECT event_id FROM slack_event_inbox
           WHERE coalesce(taken_at, received_at) < now() - make_interval(secs => $1::double precision / 1000)
           ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING event_id, body, replays`,
      [this.replayAfterMs, limit],
    );
    const live: { eventId: string; body: unknown; replays: number }[] = [];
    for (const row of r.rows) {
      if (row.replays > MAX_REPLAYS) {
        this.logger.error({ eventId: row.event_id, replays: row.replays - 1 }, 'slack: a kept event failed every replay; given up');
        await this.done(row.event_id);
      } else live.push({ eventId: row.event_id, body: row.body, replays: row.replays });
    }
    return live;
  }
}

/**
 * A receiver that keeps each event `keptEventId` selects before the wrapped receiver (Bolt's HTTP
 * or Socket Mode one) can acknowledge it, and lets it go once the app has handled it. Bolt calls
 * `processEvent` after the signature check and acknowledges inside it, so the row is written
 * before Slack hears 200 — or, when the database is away, the error reaches the receiver's
 * processEventErrorHandler, which answers 503 and Slack delivers it again.
 */
export class KeepingReceiver implements Receiver {
  private app?: App;

  constructor(
    readonly inner: Receiver,
    private readonly inbox: SlackEventInbox,
    private readonly logger: Logger,
  ) {}

  /** Bolt's App reads the OAuth installer off its receiver (multi-workspace mode authorizes through it). */
  get installer(): unknown {
    return (this.inner as { installer?: unknown }).installer;
  }

  init(app: App): void {
    this.app = app;
    const keeping = Object.create(app, { processEvent: { value: (event: ReceiverEvent) => this.process(event) } }) as App;
    this.inner.init(keeping);
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }

  /** Replays what dead processes left behind; returns how many events were replayed. */
  async replayStale(): Promise<number> {
    const stale = await this.inbox.takeStale();
    for (const { eventId, body, replays } of stale) {
      this.logger.warn({ eventId, replay: replays }, 'slack: replaying an event whose handling never finished');
      await this.process({ body: body as ReceiverEvent['body'], ack: async () => undefined, retryNum: replays, retryReason: 'otasuke_replay' });
    }
    return stale.length;
  }

  private async process(event: ReceiverEvent): Promise<void> {
    const app = this.app!;
    const eventId = keptEventId(event.body);
    if (eventId === undefined) return app.processEvent(event);
    try {
      await this.inbox.keep(eventId, event.body);
    } catch (err) {
      // A database that is away: not acknowledged (503), Slack delivers it again. Anything else must
      // not cost the question: it is handled as it would have been without the inbox.
      if (isDatabaseOutage(err)) throw err;
      this.logger.error({ eventId, err: (err as Error).message }, 'slack: event could not be kept before its acknowledgement; handled without a replay copy');
      return app.processEvent(event);
    }
    try {
      await app.processEvent(event);
    } finally {
      // Not done (the database went away): the row stays and is replayed; the receipt dedupes.
      await this.inbox.done(eventId).catch((err: unknown) => this.logger.warn({ eventId, err: (err as Error).message }, 'slack: kept event could not be let go'));
    }
  }
}
