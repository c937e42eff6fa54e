/**
 * How many questions one process works on at once once they are acknowledged and on record.
 * In a burst, every acknowledged question used to start its database reads, triage and search at
 * once; their work then filled the event loop, and the acknowledgements of requests still arriving
 * queued behind it (issue #16: Slack wants them within 3 s). A question waits here only after its
 * receipt — and the message itself, in the durable inbox — is written, so a process killed while
 * it waits loses nothing: the inbox sweep takes it up.
 */
export class QuestionSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  /** Resolves when a slot is free; call the returned function to give it back. */
  async take(): Promise<() => void> {
    if (this.running < this.slots) this.running++;
    else await new Promise<void>((go) => this.waiting.push(go));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
