import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that speaks the OpenAI wire format the real clients use
 * (openai SDK and LangChain's ChatOpenAI / OpenAIEmbeddings, pointed at it by
 * base URL): POST /v1/chat/completions, answering structured-output requests
 * the way LangChain's withStructuredOutput sends them (response_format
 * json_schema, or a forced tool call), and POST /v1/embeddings (float or base64
 * encoding). Every request is recorded; replies, delays and error statuses are
 * programmable per test.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as received (for "no PII left the process" checks). */
  raw: string;
  body: Record<string, unknown>;
}

export interface ChatMessage {
  role: string;
  content: string;
}

/** What a chat request asked for, decoded for the reply function. */
export interface ChatCall {
  /** json_schema response_format name, or the forced tool's name, or undefined for plain text. */
  schemaName?: string;
  mode: 'json_schema' | 'tools' | 'text';
  model: string;
  messages: ChatMessage[];
  body: Record<string, unknown>;
}

export type ChatReply =
  /** Structured output: sent as the message content (json_schema) or as the tool call's arguments (tools). */
  | { json: unknown; delayMs?: number }
  /** Raw assistant content, e.g. malformed JSON. */
  | { content: string; delayMs?: number }
  /** An HTTP error in OpenAI's error envelope. */
  | { status: number; message?: string; type?: string; delayMs?: number; headers?: Record<string, string> };

export type EmbeddingsReply =
  | { vectors: number[][]; delayMs?: number }
  | { status: number; message?: string; delayMs?: number };

const DIMENSIONS = 64;

/**
 * A deterministic bag-of-words vector: latin words and CJK character bigrams,
 * each hashed (FNV-1a) into one of `dims` signed buckets. Texts that share words
 * get similar vectors, which is all a search test needs from an embedding.
 */
export function hashEmbedding(text: string, dims = DIMENSIONS): number[] {
  const v = new Array<number>(dims).fill(0);
  const normalized = text.normalize('NFKC').toLowerCase();
  const tokens: string[] = [...(normalized.match(/[a-z0-9]+/g) ?? [])];
  const cjk = normalized.replace(/[^\u3040-\u30ff\u3400-\u9fff]+/g, ' ');
  for (const run of cjk.split(' ')) {
    for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2));
  }
  for (const t of tokens) {
    let h = 0x811c9dc5;
    for (let i = 0; i < t.length; i++) {
      h ^= t.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    v[h % dims]! += h & 0x80000000 ? -1 : 1;
  }
  // Never the zero vector: a text with no tokens still has a direction.
  if (!v.some((x) => x !== 0)) v[0] = 1;
  return v;
}

/** The passages' slugs the grounded-answer prompt offered (slug="…" attributes). */
export function offeredSlugs(call: ChatCall): string[] {
  const user = call.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  return [...user.matchAll(/slug="([^"]+)"/g)].map((m) => m[1]!);
}

function defaultChat(call: ChatCall): ChatReply {
  if (call.schemaName === 'triage') return { json: { category: 'general', severity: 'low', signals: [], humanRequested: false, state: 'none', flags: [], quote: '' } };
  if (call.schemaName === 'grounded_answer') {
    const slugs = offeredSlugs(call);
    return slugs.length
      ? { json: { answer: 'Follow the steps of the cited article.', cited_slugs: [slugs[0]], refused: false } }
      : { json: { answer: '', cited_slugs: [], refused: true } };
  }
  return { content: 'ok' };
}

export class OpenAIStandIn {
  readonly requests: RecordedRequest[] = [];
  /** Reply to a chat completion; replace per test. */
  onChat: (call: ChatCall) => ChatReply | Promise<ChatReply> = defaultChat;
  /** Vector for one embeddings input; replace per test. */
  embed: (text: string) => number[] = (t) => hashEmbedding(t);
  /** Reply to an embeddings request; by default `embed` of every input. */
  onEmbeddings: (inputs: string[]) => EmbeddingsReply | Promise<EmbeddingsReply> = (inputs) => ({ vectors: inputs.map((t) => this.embed(t)) });

  private readonly pending = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<OpenAIStandIn> {
    const holder: { standIn?: OpenAIStandIn } = {};
    const server = http.createServer((req, res) => {
      void holder.standIn!.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.standIn = new OpenAIStandIn(server, `http://127.0.0.1:${port}/v1`);
    return holder.standIn;
  }

  /** Restores the default replies and forgets recorded requests. */
  reset(): void {
    this.requests.length = 0;
    this.onChat = defaultChat;
    this.embed = (t) => hashEmbedding(t);
    this.onEmbeddings = (inputs) => ({ vectors: inputs.map((t) => this.embed(t)) });
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/embeddings'));
  }

  /** Chat calls of one structured-output schema (`triage`, `grounded_answer`). */
  chatCalls(schemaName?: string): ChatCall[] {
    return this.chatRequests()
      .map((r) => decodeChat(r.body))
      .filter((c) => schemaName === undefined || c.schemaName === schemaName);
  }

  async close(): Promise<void> {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = parseBody(raw);
    if (!body) return this.send(res, 400, errorEnvelope('invalid JSON body', 'invalid_request_error'));
    const path = (req.url ?? '').split('?')[0]!;
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, raw, body });
    if (req.method !== 'POST') return this.send(res, 405, errorEnvelope('method not allowed', 'invalid_request_error'));
    if (req.headers.authorization !== 'Bearer test-key') return this.send(res, 401, errorEnvelope('bad key', 'invalid_request_error'));
    try {
      if (path === '/v1/chat/completions') return await this.chat(res, body);
      if (path === '/v1/embeddings') return await this.embeddings(res, body);
      return this.send(res, 404, errorEnvelope(`no route ${path}`, 'invalid_request_error'));
    } catch (err) {
      return this.send(res, 500, errorEnvelope(`stand-in failed: ${(err as Error).message}`, 'server_error'));
    }
  }

  private async chat(res: http.ServerResponse, body: Record<string, unknown>): Promise<void> {
    const call = decodeChat(body);
    const reply = await this.onChat(call);
    await this.delay(reply.delayMs, res);
    if (res.destroyed) return;
    if ('status' in reply) return this.send(res, reply.status, errorEnvelope(reply.message ?? 'error', reply.type ?? 'server_error'), reply.headers);
    const content = 'json' in reply ? JSON.stringify(reply.json) : reply.content;
    const message: Record<string, unknown> =
      call.mode === 'tools'
        ? {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [{ id: 'call_standin_1', type: 'function', function: { name: call.schemaName, arguments: content } }],
          }
        : { role: 'assistant', content, refusal: null };
    return this.send(res, 200, {
      id: `chatcmpl-standin-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: call.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: call.mode === 'tools' ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  }

  private async embeddings(res: http.ServerResponse, body: Record<string, unknown>): Promise<void> {
    const input = body.input;
    const inputs = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const reply = await this.onEmbeddings(inputs);
    await this.delay(reply.delayMs, res);
    if (res.destroyed) return;
    if ('status' in reply) return this.send(res, reply.status, errorEnvelope(reply.message ?? 'error', 'server_error'));
    const base64 = body.encoding_format === 'base64';
    return this.send(res, 200, {
      object: 'list',
      model: body.model,
      data: reply.vectors.map((v, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
      })),
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  }

  /** Waits `ms`, or less if the client gives up first (its timeout closed the socket). */
  private delay(ms: number | undefined, res: http.ServerResponse): Promise<void> {
    if (!ms) return Promise.resolve();
    const pending = this.pending;
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        pending.delete(timer);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pending.add(timer);
      res.once('close', finish);
    });
  }

  private send(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed || res.headersSent) return;
    const text = JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }
}

function parseBody(raw: string): Record<string, unknown> | undefined {
  try {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

function errorEnvelope(message: string, type: string): unknown {
  return { error: { message, type, param: null, code: null } };
}

function decodeChat(body: Record<string, unknown>): ChatCall {
  const rf = body.response_format as { type?: string; json_schema?: { name?: string } } | undefined;
  const toolChoice = body.tool_choice as { function?: { name?: string } } | undefined;
  const tools = body.tools as unknown[] | undefined;
  const mode: ChatCall['mode'] = rf?.type === 'json_schema' ? 'json_schema' : tools?.length ? 'tools' : 'text';
  const messages = ((body.messages as { role: string; content: unknown }[] | undefined) ?? []).map((m) => ({
    role: m.role,
    content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
  }));
  return {
    mode,
    schemaName: mode === 'json_schema' ? rf?.json_schema?.name : mode === 'tools' ? toolChoice?.function?.name : undefined,
    model: String(body.model ?? ''),
    messages,
    body,
  };
}
