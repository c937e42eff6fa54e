import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Card, CardButton, OutboundFile } from '../../handlers/cards.js';
import type { InboundHandler } from '../../handlers/handle-inbound.js';
import { LOCAL_DEMO } from '../../handlers/directory/local-demo.js';
import { t } from '../../core/i18n/t.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import type { ChatAdapter } from '../../handlers/chat-adapter.js';
import { toPlainText } from './plain-text-renderer.js';

type Role = 'staff' | 'admin' | 'responder';

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
  /** The display name of a demo person (`/as` names them); default: their user id. */
  nameOf?: (identity: string) => Promise<string | undefined>;
  /** Called when the person types /quit or closes the input. */
  onExit?: () => void;
}

/** A button the person can press by typing its number, and the thread it was posted in. */
interface NumberedButton {
  button: CardButton;
  threadRef: string;
}

const COMMANDS = /^\/(kb|claim|release|resolve|reassign|reclassify|fits|reply|report|dispatch)(?:\s+(.*))?$/;

/**
 * The local channel: an interactive console where you ask as the demo staff
 * member. Refs look like `local:console:<n>` (one per case thread) and
 * `local:responders` (the demo responder group's destination).
 *
 * Every command answers with a line; buttons are numbered (`[3] 役に立った`) and
 * pressed by typing the number; numbers keep counting until `/new`, so a button
 * printed earlier in the case stays pressable. On a terminal, a card that arrives
 * while the prompt waits (a job's notification) is printed above the prompt,
 * which is drawn again with what was typed so far.
 */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'local';
  private rl?: readline.Interface;
  private thread = 1;
  private lang: Lang;
  private sequence = 0;
  /** Which demo person the console speaks as (`/as staff|admin|responder`). */
  private role: Role = 'staff';
  private queue: Promise<void> = Promise.resolve();
  /** Lines are being answered: output now is the answer, not an interruption of the prompt. */
  private busy = 0;
  /** The prompt is the last thing written (no newline after it). */
  private atPrompt = false;
  private buttons: NumberedButton[] = [];
  private readonly notes: string[] = [];
  /** /quit was typed or the input ended: no more prompts. */
  private closed = false;
  private readonly tty: boolean;

  constructor(
    private readonly handler: InboundHandler,
    private readonly options: ConsoleAdapterOptions,
  ) {
    this.lang = options.lang;
    this.tty = (options.output as { isTTY?: boolean }).isTTY === true && (options.input as { isTTY?: boolean }).isTTY === true;
  }

  async post(to: string, card: Card): Promise<{ threadRef: string }> {
    const toResponders = to === LOCAL_DEMO.destination;
    const threadRef = toResponders ? `${to}:${Date.now()}` : to;
    const prefix = toResponders ? `${t(this.lang, 'console.responders')}\n` : '';
    const text = toPlainText(card, {
      buttonNumber: (button) => this.buttons.push({ button, threadRef }),
    });
    this.print(`${prefix}${text}`);
    return { threadRef };
  }

  /** A line printed under the welcome (a startup notice, where the logs go). */
  addNotice(text: string): void {
    if (this.rl) this.print(text);
    else this.notes.push(text);
  }

  async start(): Promise<void> {
    this.rl = readline.createInterface({ input: this.options.input, output: this.options.output, terminal: this.tty, prompt: '> ' });
    this.print(t(this.lang, 'console.welcome'));
    for (const note of this.notes.splice(0)) this.print(note);
    this.prompt();
    this.rl.on('line', (line) => {
      this.atPrompt = false;
      this.busy++;
      // Lines are handled one after another so replies come out in order.
      this.queue = this.queue
        .then(() => this.onLine(line))
        .catch((err: unknown) => this.print(`${t(this.lang, 'error.generic')} (${(err as Error).message})`))
        .finally(() => {
          this.busy--;
          if (this.busy === 0 && !this.closed) this.prompt();
        });
    });
    // On a terminal readline reads Ctrl+C itself (raw mode) instead of the process getting SIGINT:
    // it ends the console like /quit.
    this.rl.on('SIGINT', () => {
      this.atPrompt = false;
      this.options.output.write('\n');
      this.print(t(this.lang, 'console.bye'));
      this.closed = true;
      this.rl?.close();
    });
    this.rl.on('close', () => {
      this.closed = true;
      void this.queue.then(() => this.options.onExit?.());
    });
  }

  /** Resolves when every line typed so far has been answered (tests use it). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async onLine(raw: string): Promise<void> {
    const line = raw.trim();
    if (!line) return;
    if (line === '/quit' || line === '/exit') {
      this.print(t(this.lang, 'console.bye'));
      this.closed = true;
      this.rl?.close();
      return;
    }
    if (line === '/help') return this.print(t(this.lang, 'console.help'));
    if (line === '/new') {
      this.thread++;
      this.buttons = [];
      return this.print(t(this.lang, 'console.newThread'));
    }
    const langCmd = /^\/lang\s+(ja|en)$/.exec(line);
    if (langCmd) {
      this.lang = langCmd[1] as Lang;
      return this.print(t(this.lang, 'console.langSet'));
    }
    const asCmd = /^\/as\s+(staff|admin|responder)$/.exec(line);
    if (asCmd) {
      this.role = asCmd[1] as Role;
      const person = LOCAL_DEMO[this.role];
      const name = (await this.options.nameOf?.(person.identity).catch(() => undefined)) ?? person.id;
      return this.print(t(this.lang, 'console.actingAs', { name, role: t(this.lang, `console.role.${this.role}`) }));
    }
    const base = {
      channel: 'local',
      deliveryKey: `local:${process.pid}:${Date.now()}:${++this.sequence}`,
      identity: LOCAL_DEMO[this.role].identity,
      threadRef: `local:console:${process.pid}-${this.thread}`,
    };
    if (/^\d+$/.test(line)) return this.press(Number(line), base);
    const command = COMMANDS.exec(line);
    if (!command && /^\/[a-z]+(\s|$)/i.test(line)) {
      // An unknown `/word`: a mistyped command, not a question to send to the desk.
      return this.print(t(this.lang, 'console.unknownCommand', { command: line.split(/\s/, 1)[0]! }));
    }
    const replies = await this.handler.handle(
      command
        ? { ...base, kind: 'command', command: command[1]!, args: (command[2] ?? '').split(/\s+/).filter(Boolean) }
        : { ...base, kind: 'message', text: line, langHint: this.lang, private: true },
    );
    await this.deliver(replies);
  }

  /** Typing a button's number presses it, in the thread where it was shown. */
  private async press(n: number, base: { channel: string; deliveryKey: string; identity: string }): Promise<void> {
    const numbered = this.buttons[n - 1];
    if (!numbered) {
      return this.print(
        this.buttons.length
          ? t(this.lang, 'console.noSuchButton', { number: n, last: this.buttons.length })
          : t(this.lang, 'console.noButtons'),
      );
    }
    this.print(t(this.lang, 'console.pressed', { label: numbered.button.label }));
    const replies = await this.handler.handle({
      ...base,
      kind: 'action',
      threadRef: numbered.threadRef,
      actionId: numbered.button.actionId,
      value: numbered.button.value,
    });
    await this.deliver(replies);
  }

  private async deliver(replies: { to: string; card: Card; file?: OutboundFile }[]): Promise<void> {
    for (const r of replies) {
      await this.post(r.to, r.card);
      if (r.file) await this.saveFile(r.file);
    }
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
    this.atPrompt = true;
    if (this.tty && this.rl) this.rl.prompt(true);
    else this.options.output.write('> ');
  }

  /**
   * Writes a block of text on lines of its own. Output that arrives while the prompt waits
   * (a notification from a job) goes above the prompt, and the prompt comes back under it.
   */
  private print(text: string): void {
    const interrupting = this.atPrompt && this.busy === 0 && !this.closed;
    if (interrupting) {
      if (this.tty) {
        readline.clearLine(this.options.output, 0);
        readline.cursorTo(this.options.output, 0);
      } else {
        this.options.output.write('\n');
      }
      this.atPrompt = false;
    }
    this.options.output.write(`${text}\n`);
    if (interrupting) this.prompt();
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.rl?.close();
  }
}
