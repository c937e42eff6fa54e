import crypto from 'node:crypto';

/**
 * Sends requests to the app's HTTP receiver exactly as Slack does: the raw
 * body signed with `v0=` + hex HMAC-SHA256(signing secret, `v0:{ts}:{body}`),
 * in `X-Slack-Signature` with `X-Slack-Request-Timestamp`; events as JSON,
 * interactivity as a form with one `payload=` field, slash commands as a form.
 */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SendOptions {
  /** Redelivery headers Slack adds to retries. */
  retryNum?: number;
  retryReason?: string;
  /** Request time in seconds (default now); older than 5 minutes is refused. */
  timestamp?: number;
  /** Sign with this secret instead (a wrong secret). */
  secret?: string;
  /** Send this signature instead of computing one. */
  signature?: string;
  /** Give up waiting for the answer after this long (Slack waits 3 s); the request fails with a TimeoutError. */
  timeoutMs?: number;
}

export interface SlackReply {
  status: number;
  body: string;
  /** Milliseconds from sending to the full answer. */
  ms: number;
}

export class SlackSender {
  constructor(
    readonly url: string,
    private readonly secret: string,
  ) {}

  /** An Events API request (event_callback, url_verification). */
  event(payload: unknown, options: SendOptions = {}): Promise<SlackReply> {
    return this.raw(JSON.stringify(payload), 'application/json', options);
  }

  /** An interactivity request (block_actions, view_submission): `payload=<json>`. */
  interaction(payload: unknown, options: SendOptions = {}): Promise<SlackReply> {
    return this.raw(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** A slash command: its fields, form-encoded. */
  command(fields: Record<string, string>, options: SendOptions = {}): Promise<SlackReply> {
    return this.raw(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  async raw(body: string, contentType: string, options: SendOptions = {}): Promise<SlackReply> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(options.secret ?? this.secret, timestamp, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    const start = performance.now();
    const r = await fetch(this.url, { method: 'POST', headers, body, ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}) });
    const text = await r.text();
    return { status: r.status, body: text, ms: performance.now() - start };
  }
}
