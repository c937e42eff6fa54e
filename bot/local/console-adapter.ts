import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Card, OutboundFile } from '../../handlers/cards.js';
import type { InboundHandler } from '../../handlers/handle-inbound.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { t } from '../../handlers/messages.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { ChatAdapter } from '../chat-adapter.js';
import { toPlainText } from './plain-text-renderer.js';

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  lang: Lang;
  /**
   * Folder where files the bot sends (exported reports) are written, as
   * `<reportsDir>/<name>`; created on first use. The app passes
   * `<DATA_DIR>/reports` (the system temp folder for an in-memory database).
   */
  reportsDir: string;
  /** Called when the person types /quit or closes the input. */
  onExit?: () => void;
}

/**
 * The local channel: an interactive console where you ask as the demo staff
 * member. Refs look like `local:console:<n>` (one per case thread) and
 * `local:responders` (the demo responder group's destination).
 */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'local';
  private rl?: readline.Interface;
  private thread = 1;
  private lang: Lang;
  private sequence = 0;
  /** Which demo person the console speaks as (`/as staff|admin|responder`). */
  private role: 'staff' | 'admin' | 'responder' = 'staff';
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly handler: InboundHandler,
    private readonly options: ConsoleAdapterOptions,
  ) {
    this.lang = options.lang;
  }

  async post(to: string, card: Card): Promise<{ threadRef: string }> {
    const prefix = to === LOCAL_DEMO.destination ? `${t(this.lang, 'console.responders')}\n` : '';
    this.print(`${prefix}${toPlainText(card)}`);
    return { threadRef: to === LOCAL_DEMO.destination ? `${to}:${Date.now()}` : to };
  }

  async start(): Promise<void> {
    this.rl = readline.createInterface({ input: this.options.input, output: this.options.output, terminal: false });
    this.print(t(this.lang, 'console.welcome'));
    this.prompt();
    this.rl.on('line', (line) => {
      // Lines are handled one after another so replies come out in order.
      this.queue = this.queue.then(() => this.onLine(line));
    });
    this.rl.on('close', () => {
      void this.queue.then(() => this.options.onExit?.());
    });
  }

  /** Resolves when every line typed so far has been answered (tests use it). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async onLine(raw: string): Promise<void> {
    const line = raw.trim();
    if (!line) return this.prompt();
    if (line === '/quit' || line === '/exit') {
      this.print(t(this.lang, 'console.bye'));
      this.rl?.close();
      return;
    }
    if (line === '/help') {
      this.print(t(this.lang, 'console.help'));
      return this.prompt();
    }
    if (line === '/new') {
      this.thread++;
      this.print(t(this.lang, 'console.newThread'));
      return this.prompt();
    }
    const langCmd = /^\/lang\s+(ja|en)$/.exec(line);
    if (langCmd) {
      this.lang = langCmd[1] as Lang;
      return this.prompt();
    }
    const asCmd = /^\/as\s+(staff|admin|responder)$/.exec(line);
    if (asCmd) {
      this.role = asCmd[1] as typeof this.role;
      this.print(t(this.lang, 'console.actingAs', { name: LOCAL_DEMO[this.role].id, role: this.role }));
      return this.prompt();
    }
    const base = {
      channel: 'local',
      deliveryKey: `local:${process.pid}:${Date.now()}:${++this.sequence}`,
      identity: LOCAL_DEMO[this.role].identity,
      threadRef: `local:console:${process.pid}-${this.thread}`,
    };
    const command = /^\/(kb|claim|release|resolve|reassign|reclassify|fits|reply|report)(?:\s+(.*))?$/.exec(line);
    const replies = await this.handler.handle(
      command
        ? { ...base, kind: 'command', command: command[1]!, args: (command[2] ?? '').split(/\s+/).filter(Boolean) }
        : { ...base, kind: 'message', text: line, langHint: this.lang, private: true },
    );
    for (const r of replies) {
      await this.post(r.to, r.card);
      if (r.file) await this.saveFile(r.file);
    }
    this.prompt();
  }

  /** The console cannot show a file: it is written to the reports folder and its path printed. */
  private async saveFile(file: OutboundFile): Promise<void> {
    // The name comes from the core, but a folder part must never let it write elsewhere.
    const target = path.join(this.options.reportsDir, path.basename(file.name));
    try {
      await fs.mkdir(this.options.reportsDir, { recursive: true });
      await fs.writeFile(target, file.data);
      this.print(t(this.lang, 'console.reportSaved', { path: target }));
    } catch (err) {
      // A full disk or a read-only folder must not stop the console from taking the next line.
      this.print(`${t(this.lang, 'error.generic')} (${(err as Error).message})`);
    }
  }

  private prompt(): void {
    this.options.output.write('> ');
  }

  private print(text: string): void {
    this.options.output.write(`${text}\n`);
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }
}
