import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that plays the Bot Framework connector (the
 * `serviceUrl` Teams puts on every activity), the way the real one answers
 * the bot: POST /v3/conversations/{id}/activities (send; a new message, in a
 * channel a new thread), POST …/activities/{activityId} (reply), PUT
 * …/activities/{activityId} (update in place), DELETE, POST /v3/conversations
 * (create). Each returns `{ id }` like the connector. Every call is recorded
 * with its decoded conversation id and body; failures are programmable.
 */

export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'delete' | 'create' | 'other';
  method: string;
  path: string;
  /** Decoded conversation id of the URL (`19:…@thread.tacv2;messageid=…`). */
  conversationId?: string;
  /** The activity id of the URL (replied to, updated). */
  activityId?: string;
  /** The id the stand-in gave a new message. */
  newId?: string;
  authorization?: string;
  activity: Record<string, unknown>;
  at: number;
}

export interface Failure {
  kind: ConnectorCall['kind'];
  status: number;
  times: number;
  retryAfter?: number;
}

export class TeamsConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  private readonly failures: Failure[] = [];
  private nextId = 1_700_000_000_000;

  private constructor(
    private readonly server: http.Server,
    /** What activities carry as `serviceUrl` (with the trailing slash Teams uses). */
    readonly serviceUrl: string,
  ) {}

  static async start(): Promise<TeamsConnectorStandIn> {
    const holder: { standIn?: TeamsConnectorStandIn } = {};
    const server = http.createServer((req, res) => void holder.standIn!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.standIn = new TeamsConnectorStandIn(server, `http://127.0.0.1:${port}/`);
    return holder.standIn;
  }

  /** The next `times` calls of `kind` answer `status` (e.g. 404 for a deleted message, 403 for a removed bot). */
  fail(kind: Failure['kind'], status: number, times = 1, retryAfter?: number): void {
    this.failures.push({ kind, status, times, retryAfter });
  }

  /** Message activities (no typing indicators), in order. */
  messages(): ConnectorCall[] {
    return this.calls.filter((c) => (c.kind === 'send' || c.kind === 'reply') && c.activity.type === 'message');
  }

  /** Messages posted into a conversation (base id: any of its threads too). */
  messagesIn(conversationId: string): ConnectorCall[] {
    return this.messages().filter((c) => c.conversationId === conversationId || c.conversationId?.startsWith(`${conversationId};messageid=`));
  }

  typingIn(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.activity.type === 'typing' && c.conversationId?.split(';')[0] === conversationId);
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.kind === 'update');
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let activity: Record<string, unknown>;
    try {
      activity = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { error: { code: 'BadArgument', message: 'invalid JSON' } });
    }
    const path = (req.url ?? '').split('?')[0]!;
    const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?\/?$/.exec(path);
    const conversationId = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    const activityId = m?.[2] ? decodeURIComponent(m[2]) : undefined;
    const kind: ConnectorCall['kind'] = !m
      ? 'other'
      : req.method === 'POST' && !conversationId
        ? 'create'
        : req.method === 'POST' && !activityId
          ? 'send'
          : req.method === 'POST'
            ? 'reply'
            : req.method === 'PUT'
              ? 'update'
              : req.method === 'DELETE'
                ? 'delete'
                : 'other';
    const call: ConnectorCall = {
      kind,
      method: req.method ?? '',
      path,
      ...(conversationId ? { conversationId } : {}),
      ...(activityId ? { activityId } : {}),
      ...(typeof req.headers.authorization === 'string' ? { authorization: req.headers.authorization } : {}),
      activity,
      at: Date.now(),
    };
    const failure = this.failures.find((f) => f.kind === kind && f.times > 0);
    if (failure) {
      failure.times--;
      this.calls.push(call);
      return send(res, failure.status, { error: { code: 'Failed', message: `stand-in failure ${failure.status}` } }, failure.retryAfter);
    }
    if (kind === 'send' || kind === 'reply' || kind === 'create') call.newId = String(++this.nextId);
    this.calls.push(call);
    if (kind === 'create') return send(res, 201, { id: `19:created-${call.newId}@thread.tacv2`, activityId: call.newId });
    if (kind === 'send' || kind === 'reply') return send(res, 201, { id: call.newId });
    if (kind === 'update') return send(res, 200, { id: activityId });
    if (kind === 'delete') return send(res, 200, {});
    return send(res, 404, { error: { code: 'NotFound', message: `no route ${path}` } });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, retryAfter?: number): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}) });
  res.end(text);
}

/** The Adaptive Card of a message activity, if it carries one. */
export function adaptiveCardOf(activity: Record<string, unknown>): Record<string, unknown> | undefined {
  const attachments = activity.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Everything a person sees on a card (texts, facts, button titles), one line each, for assertions. */
export function visibleText(activityOrCard: Record<string, unknown> | undefined): string {
  if (!activityOrCard) return '';
  const card = activityOrCard.type === 'AdaptiveCard' ? activityOrCard : adaptiveCardOf(activityOrCard);
  const lines: string[] = [];
  if (!card) return typeof activityOrCard.text === 'string' ? activityOrCard.text : '';
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') lines.push(n.text);
    if (n.type === 'FactSet') for (const f of n.facts as { title: string; value: string }[]) lines.push(`${f.title}: ${f.value}`);
    if (typeof n.type === 'string' && n.type.startsWith('Action.') && typeof n.title === 'string') lines.push(`[${n.title}]`);
    for (const key of ['body', 'items', 'actions', 'columns']) if (key in n) walk(n[key]);
  };
  walk(card);
  return lines.join('\n');
}

/** The actions of a card (top level and in action sets), as the renderer wrote them. */
export function cardActions(activityOrCard: Record<string, unknown>): Record<string, unknown>[] {
  const card = activityOrCard.type === 'AdaptiveCard' ? activityOrCard : adaptiveCardOf(activityOrCard);
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n);
    for (const key of ['body', 'items', 'actions']) if (key in n) walk(n[key]);
  };
  walk(card);
  return out;
}
