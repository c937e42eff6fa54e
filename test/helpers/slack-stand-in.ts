import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { blockProblem, parseArgs, parseBlocks, parseView, readFrame, safeJson, safeJsonArray, viewProblem, visibleText, wsFrame } from './slack-wire.js';

export { visibleText };

/**
 * A local HTTP server that speaks the Slack Web API methods the app uses, the
 * way Slack does: POST /api/<method> with a form-encoded (or JSON) body and a
 * Bearer token, HTTP 200 with `{ ok: false, error }` for refusals, HTTP 429
 * with Retry-After for rate limits. Bolt's and the adapter's WebClients are
 * pointed at it through SLACK_API_URL. It also serves response_url posts
 * (/response/<tag>) and the file upload URLs of files.uploadV2. Every call is
 * recorded; failures and delays are programmable per method.
 */

export interface WorkspaceFixture {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string;
  botId: string;
}

export interface UserFixture {
  id: string;
  teamId: string;
  name: string;
  displayName?: string;
  locale?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface RecordedCall {
  method: string;
  token?: string;
  /** Team of the token, when it is a known bot token. */
  team?: string;
  args: Record<string, unknown>;
  at: number;
}

export interface PostedMessage {
  team: string;
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: Record<string, unknown>[];
  /** Everything visible: text and the blocks' texts, as one string (for assertions). */
  visible: string;
  updates: number;
  /** Message metadata the app attached (event_type, event_payload). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** What the next call(s) of a method answer instead of the normal reply. */
export type Failure =
  | { status: 429; retryAfter: number }
  | { status: number }
  | { error: string }
  | { delayMs: number };

const TRIGGER_TTL_MS = 3000;

export class SlackStandIn {
  readonly calls: RecordedCall[] = [];
  readonly responses: { tag: string; body: Record<string, unknown>; at: number }[] = [];
  readonly messages: PostedMessage[] = [];
  readonly ephemerals: { team: string; channel: string; user: string; threadTs?: string; visible: string }[] = [];
  readonly homeViews = new Map<string, { team: string; view: Record<string, unknown>; visible: string; at: number }>();
  readonly openedViews: { team: string; view: Record<string, unknown>; at: number }[] = [];
  readonly uploads: { team?: string; channel: string; threadTs?: string; filename: string; bytes: number }[] = [];
  /** Called for every message posted (benchmarks time the reply's arrival with it). */
  onMessage?: (m: PostedMessage) => void;
  /**
   * chat.postMessage into these channels takes this long (ms) before Slack
   * takes the message: a worker killed meanwhile has posted, but never heard so.
   */
  readonly slowChannels = new Map<string, number>();
  /** Channels the bot is not a member of: posting there fails with not_in_channel. */
  readonly channelsWithoutBot = new Set<string>();

  /** Socket Mode: the app-level tokens apps.connections.open accepts, and the open connections. */
  private readonly appTokens = new Set<string>();
  private readonly sockets = new Set<Duplex>();
  private readonly acks = new Map<string, (ack: Record<string, unknown>) => void>();
  private readonly workspaces = new Map<string, WorkspaceFixture>();
  private readonly users = new Map<string, UserFixture>();
  private readonly oauthCodes = new Map<string, { workspace: WorkspaceFixture; clientId: string; clientSecret: string }>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly triggers = new Map<string, number>();
  private readonly pendingUploads = new Map<string, { filename: string; length: number }>();
  private seq = 0;

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {}

  /** Base of the Web API, for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  static async start(): Promise<SlackStandIn> {
    // The server exists before the stand-in that answers on it: a holder breaks the cycle.
    const holder: { standIn?: SlackStandIn } = {};
    const server = http.createServer((req, res) => void holder.standIn!.handle(req, res));
    server.on('upgrade', (req, socket) => holder.standIn!.upgrade(req, socket));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.standIn = new SlackStandIn(server, `http://127.0.0.1:${port}`);
    return holder.standIn;
  }

  addWorkspace(ws: WorkspaceFixture): WorkspaceFixture {
    this.workspaces.set(ws.botToken, ws);
    return ws;
  }

  addUser(user: UserFixture): UserFixture {
    this.users.set(`${user.teamId}:${user.id}`, user);
    return user;
  }

  /** oauth.v2.access answers this code with an installation of `workspace` (for these client credentials). */
  registerOAuthCode(code: string, workspace: WorkspaceFixture, client: { clientId: string; clientSecret: string }): void {
    this.oauthCodes.set(code, { workspace, ...client });
  }

  /** The next `times` calls of `method` answer with `failure`. */
  failNext(method: string, failure: Failure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /** A trigger_id as Slack puts in interactive payloads: views.open accepts it for 3 seconds. */
  newTriggerId(): string {
    const id = `${Date.now()}.${++this.seq}.${crypto.randomBytes(8).toString('hex')}`;
    this.triggers.set(id, Date.now());
    return id;
  }

  /** A response_url that records what is posted to it. */
  responseUrl(tag = crypto.randomBytes(4).toString('hex')): string {
    return `${this.baseUrl}/response/${tag}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages posted into one thread (by its first message's ts). */
  thread(channel: string, threadTs: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.threadTs === threadTs);
  }

  message(channel: string, ts: string): PostedMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Forgets everything recorded (workspaces, users and codes stay). */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.messages.length = 0;
    this.ephemerals.length = 0;
    this.homeViews.clear();
    this.openedViews.length = 0;
    this.uploads.length = 0;
    this.failures.clear();
    this.channelsWithoutBot.clear();
  }

  async waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 15_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > end) throw new Error('stand-in: condition not met in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Socket Mode: apps.connections.open accepts this app-level token. */
  addAppToken(token: string): void {
    this.appTokens.add(token);
  }

  /** How many Socket Mode connections are open (after Slack's `hello`). */
  get socketCount(): number {
    return this.sockets.size;
  }

  /**
   * Sends one Socket Mode envelope (`events_api`, `slash_commands`,
   * `interactive`) to every connection and resolves with the app's ack.
   */
  sendEnvelope(type: string, payload: Record<string, unknown>, options: { retryAttempt?: number; acceptsResponsePayload?: boolean } = {}): Promise<Record<string, unknown>> {
    const envelopeId = crypto.randomUUID();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.acks.set(envelopeId, resolve));
    const message = JSON.stringify({
      envelope_id: envelopeId,
      payload,
      type,
      accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
      retry_attempt: options.retryAttempt ?? 0,
      retry_reason: options.retryAttempt ? 'timeout' : '',
    });
    for (const socket of this.sockets) socket.write(wsFrame(0x1, Buffer.from(message, 'utf8')));
    return acked;
  }

  /** A minimal WebSocket server (RFC 6455: handshake, masked client frames, ping/pong, close) speaking Socket Mode. */
  private upgrade(req: http.IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (!req.url?.startsWith('/socket') || typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = readFrame(buffer);
        if (!frame) break;
        buffer = buffer.subarray(frame.length);
        if (frame.opcode === 0x9) socket.write(wsFrame(0xa, frame.payload));
        else if (frame.opcode === 0x8) {
          socket.end(wsFrame(0x8, Buffer.alloc(0)));
          this.sockets.delete(socket);
        } else if (frame.opcode === 0x1) {
          const ack = safeJson(frame.payload.toString('utf8'));
          const id = typeof ack.envelope_id === 'string' ? ack.envelope_id : '';
          this.calls.push({ method: 'socket.ack', args: ack, at: Date.now() });
          this.acks.get(id)?.(ack);
          this.acks.delete(id);
        }
      }
    });
    socket.write(wsFrame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'stand-in' }, connection_info: { app_id: 'A0OTASUKE' } }))));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '').split('?')[0]!;
    if (path.startsWith('/response/')) {
      const body = safeJson(raw.toString('utf8'));
      this.responses.push({ tag: path.slice('/response/'.length), body, at: Date.now() });
      return this.send(res, 200, 'ok', 'text/plain');
    }
    if (path.startsWith('/upload/')) {
      const id = path.slice('/upload/'.length);
      const pending = this.pendingUploads.get(id);
      if (!pending) return this.send(res, 404, 'no such upload', 'text/plain');
      return this.send(res, 200, `OK - ${raw.length}`, 'text/plain');
    }
    if (!path.startsWith('/api/') || req.method !== 'POST') return this.send(res, 404, { ok: false, error: 'unknown_method' });
    const method = path.slice('/api/'.length);
    const args = parseArgs(req.headers['content-type'] ?? '', raw);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    const ws = token ? this.workspaces.get(token) : undefined;
    this.calls.push({ method, token, team: ws?.teamId, args, at: Date.now() });

    const slow = method === 'chat.postMessage' ? this.slowChannels.get(String(args.channel ?? '')) : undefined;
    if (slow) await new Promise((r) => setTimeout(r, slow));
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ('delayMs' in failure) await new Promise((r) => setTimeout(r, failure.delayMs));
      else if ('retryAfter' in failure) return this.send(res, 429, { ok: false, error: 'ratelimited' }, 'application/json', { 'retry-after': String(failure.retryAfter) });
      else if ('status' in failure) return this.send(res, failure.status, 'upstream failure', 'text/plain');
      else return this.send(res, 200, { ok: false, error: failure.error });
    }
    if (method === 'oauth.v2.access') return this.send(res, 200, this.oauthAccess(req, args));
    if (method === 'apps.connections.open') {
      if (!token || !this.appTokens.has(token)) return this.send(res, 200, { ok: false, error: 'invalid_auth' });
      return this.send(res, 200, { ok: true, url: `${this.baseUrl.replace('http://', 'ws://')}/socket?ticket=${crypto.randomUUID()}` });
    }
    if (!token) return this.send(res, 200, { ok: false, error: 'not_authed' });
    if (!ws) return this.send(res, 200, { ok: false, error: 'invalid_auth' });
    return this.send(res, 200, this.answer(method, args, ws));
  }

  private answer(method: string, args: Record<string, unknown>, ws: WorkspaceFixture): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: `https://${ws.teamName.toLowerCase()}.slack.com/`, team: ws.teamName, user: 'otasuke', team_id: ws.teamId, user_id: ws.botUserId, bot_id: ws.botId, is_enterprise_install: false };
      case 'chat.postMessage':
        return this.postMessage(args, ws);
      case 'conversations.history': {
        // Newest first, top-level messages only; metadata only when asked for (as Slack does).
        const channel = String(args.channel ?? '');
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const found = this.messages
          .filter((m) => m.team === ws.teamId && m.channel === channel && !m.threadTs && Number(m.ts) > oldest)
          .reverse()
          .slice(0, Number(args.limit ?? 100))
          .map((m) => ({ type: 'message', user: ws.botUserId, bot_id: ws.botId, ts: m.ts, text: m.text, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages: found, has_more: false };
      }
      case 'conversations.replies': {
        // The parent and its replies, oldest first; metadata only when asked for (as Slack does).
        const channel = String(args.channel ?? '');
        const ts = String(args.ts ?? '');
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const found = this.messages
          .filter((m) => m.team === ws.teamId && m.channel === channel && (m.ts === ts || m.threadTs === ts))
          .slice(0, Number(args.limit ?? 100))
          .map((m) => ({ type: 'message', user: ws.botUserId, bot_id: ws.botId, ts: m.ts, thread_ts: ts, text: m.text, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages: found, has_more: false };
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.team === ws.teamId && x.channel === args.channel && x.ts === args.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        const blocks = parseBlocks(args.blocks);
        const problem = blockProblem(blocks);
        if (problem) return { ok: false, error: problem };
        m.text = String(args.text ?? '');
        m.blocks = blocks;
        m.visible = visibleText(m.text, blocks);
        m.updates++;
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.postEphemeral': {
        const channel = String(args.channel ?? '');
        if (this.channelsWithoutBot.has(channel)) return { ok: false, error: 'not_in_channel' };
        this.ephemerals.push({ team: ws.teamId, channel, user: String(args.user), threadTs: args.thread_ts as string | undefined, visible: visibleText(String(args.text ?? ''), parseBlocks(args.blocks)) });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'views.open': {
        const trigger = String(args.trigger_id ?? '');
        const issued = this.triggers.get(trigger);
        if (issued === undefined) return { ok: false, error: 'invalid_trigger_id' };
        if (Date.now() - issued > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
        const view = parseView(args.view);
        if (!view) return { ok: false, error: 'invalid_arguments' };
        const problem = viewProblem(view);
        if (problem) return { ok: false, error: problem };
        const id = `V${(++this.seq).toString(36).toUpperCase().padStart(8, '0')}`;
        this.openedViews.push({ team: ws.teamId, view: { ...view, id }, at: Date.now() });
        return { ok: true, view: { ...view, id, team_id: ws.teamId } };
      }
      case 'views.publish': {
        const view = parseView(args.view);
        if (!view || view.type !== 'home') return { ok: false, error: 'invalid_arguments' };
        const problem = viewProblem(view);
        if (problem) return { ok: false, error: problem };
        const userId = String(args.user_id ?? '');
        this.homeViews.set(`${ws.teamId}:${userId}`, { team: ws.teamId, view, visible: visibleText('', (view.blocks as Record<string, unknown>[]) ?? []), at: Date.now() });
        return { ok: true, view: { ...view, id: `VH${userId}` } };
      }
      case 'users.info': {
        const u = this.users.get(`${ws.teamId}:${String(args.user)}`);
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.teamId,
            name: u.name,
            deleted: u.deleted ?? false,
            real_name: u.name,
            is_bot: u.isBot ?? false,
            ...(args.include_locale === true || args.include_locale === 'true' ? { locale: u.locale ?? 'en-US' } : {}),
            profile: { display_name: u.displayName ?? '', real_name: u.name },
          },
        };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(users)) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: dmOf(users) } };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: String(args.channel ?? ''), is_member: !this.channelsWithoutBot.has(String(args.channel ?? '')) } };
      case 'files.getUploadURLExternal': {
        const id = `F${(++this.seq).toString(36).toUpperCase().padStart(8, '0')}`;
        this.pendingUploads.set(id, { filename: String(args.filename), length: Number(args.length) });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (typeof args.files === 'string' ? safeJsonArray(args.files) : []) as { id: string; title?: string }[];
        for (const f of files) {
          const pending = this.pendingUploads.get(f.id);
          if (!pending) return { ok: false, error: 'file_not_found' };
          this.uploads.push({ team: ws.teamId, channel: String(args.channel_id ?? ''), threadTs: args.thread_ts as string | undefined, filename: pending.filename, bytes: pending.length });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private postMessage(args: Record<string, unknown>, ws: WorkspaceFixture): Record<string, unknown> {
    let channel = String(args.channel ?? '');
    if (!channel) return { ok: false, error: 'channel_not_found' };
    // Posting to a user id writes in the app's DM with that user.
    if (/^[UW]/.test(channel)) channel = dmOf(channel);
    if (this.channelsWithoutBot.has(channel)) return { ok: false, error: 'not_in_channel' };
    const text = String(args.text ?? '');
    const blocks = parseBlocks(args.blocks);
    if (!text && blocks.length === 0) return { ok: false, error: 'no_text' };
    const problem = blockProblem(blocks);
    if (problem) return { ok: false, error: problem };
    const ts = this.nextTs();
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    const metadata = typeof args.metadata === 'string' ? (safeJson(args.metadata) as PostedMessage['metadata']) : (args.metadata as PostedMessage['metadata']);
    const posted: PostedMessage = { team: ws.teamId, channel, ts, threadTs, text, blocks, visible: visibleText(text, blocks), updates: 0, ...(metadata ? { metadata } : {}) };
    this.messages.push(posted);
    this.onMessage?.(posted);
    return { ok: true, channel, ts, message: { type: 'message', user: ws.botUserId, bot_id: ws.botId, text, ts, ...(threadTs ? { thread_ts: threadTs } : {}), blocks } };
  }

  private oauthAccess(req: http.IncomingMessage, args: Record<string, unknown>): Record<string, unknown> {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = String(args.client_id ?? basicId ?? '');
    const clientSecret = String(args.client_secret ?? basicSecret ?? '');
    const grant = this.oauthCodes.get(String(args.code ?? ''));
    if (!grant) return { ok: false, error: 'invalid_code' };
    if (grant.clientId !== clientId || grant.clientSecret !== clientSecret) return { ok: false, error: 'invalid_client_id' };
    this.oauthCodes.delete(String(args.code));
    this.addWorkspace(grant.workspace);
    const w = grant.workspace;
    return {
      ok: true,
      app_id: 'A0OTASUKE',
      authed_user: { id: 'U0INSTALLER' },
      scope: 'app_mentions:read,chat:write,commands,im:history,users:read',
      token_type: 'bot',
      access_token: w.botToken,
      bot_user_id: w.botUserId,
      team: { id: w.teamId, name: w.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  private nextTs(): string {
    this.seq++;
    return `${1764000000 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  private send(res: http.ServerResponse, status: number, payload: unknown, type = 'application/json', headers: Record<string, string> = {}): void {
    if (res.destroyed || res.headersSent) return;
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}

export function dmOf(user: string): string {
  return `D${user.slice(1)}`;
}
