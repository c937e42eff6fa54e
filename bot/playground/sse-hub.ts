import type { ServerResponse } from 'node:http';

/** What the page hears about: a card the core posted (or updated) in a playground thread. */
export interface PushedCard {
  /** Delivery id; the sender also gets it in its HTTP response and skips the duplicate. */
  id: string;
  /** The thread or destination ref (`web:staff:…`, `web:responders:…`). */
  to: string;
  at: string;
  card: unknown;
  /** The card is the new look of the thread's first card (an escalation card after a claim). */
  replace?: boolean;
}

/**
 * Server-Sent Events to the open playground pages of this process. Only a
 * delivery convenience: a page that misses an event (another process posted
 * it, or the connection dropped) still shows the truth on its next reload
 * from the database-backed API, which it also does on a timer.
 */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private sequence = 0;
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly heartbeatMs = 15_000) {}

  /** Takes over a raw response and keeps it open until the client or the hub closes it. */
  add(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    // A reconnecting page waits 2 s, not the browser's default 3 s.
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    this.heartbeat ??= setInterval(() => this.comment('ping'), this.heartbeatMs).unref();
  }

  publish(event: PushedCard): void {
    const frame = `id: ${++this.sequence}\nevent: card\ndata: ${JSON.stringify(event)}\n\n`;
    for (const res of this.clients) res.write(frame);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream (the HTTP server can only close once they are gone). */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private comment(text: string): void {
    for (const res of this.clients) res.write(`: ${text}\n\n`);
  }
}
