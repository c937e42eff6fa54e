/**
 * Group commit for statements: calls made in the same turn of the event loop are collected and
 * handed to `run` together once the turn is over (`setImmediate`: after the microtasks and the
 * I/O callbacks of this turn, so a burst of callers resumed by the same replies lands in one
 * batch). A lone call waits one turn, not a timer. `run` returns one result per input, in the
 * same order; if it throws, every caller of that batch gets the error (callers that need one
 * item's failure kept from the others fall back to their one-at-a-time path themselves).
 * Nothing is held across turns: a batch is only ever what callers are awaiting right now.
 * `run` may fail one item alone by returning an `ItemFailed` in its place.
 */
export class ItemFailed {
  constructor(readonly error: unknown) {}
}

export class Batcher<In, Out> {
  private pending: { input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (inputs: In[]) => Promise<(Out | ItemFailed)[]>,
    /** Largest batch handed to `run` at once; more callers in one turn make several batches. */
    private readonly maxBatch = 500,
  ) {}

  load(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const items = this.pending;
    this.pending = [];
    for (let i = 0; i < items.length; i += this.maxBatch) {
      const chunk = items.slice(i, i + this.maxBatch);
      let running: Promise<(Out | ItemFailed)[]>;
      try {
        running = this.run(chunk.map((c) => c.input));
      } catch (err) {
        running = Promise.reject(err);
      }
      running.then(
        (outs) =>
          chunk.forEach((c, j) => {
            const out = outs[j]!;
            if (out instanceof ItemFailed) c.reject(out.error);
            else c.resolve(out);
          }),
        (err: unknown) => chunk.forEach((c) => c.reject(err)),
      );
    }
  }
}
