/**
 * Notifications (PostgreSQL's LISTEN/NOTIFY) as the storage port offers them: a transaction
 * sends with `tx.notify(channel, payload)`, and `db.listen(channel, listener)` hears it. Each
 * Database owns one of these registries (no module state): it delivers a committed
 * transaction's messages to this process's listeners as soon as COMMIT returns, before
 * `transaction()` resolves, so a search started after a publish returned has heard of it. On
 * PostgreSQL the server also delivers them to every other process's LISTEN connection.
 */

/** Told what is sent on one channel. */
export interface ChannelListener {
  /** A message a committed transaction sent (it may come twice: from this process and from the server). */
  message(payload: string): void;
  /**
   * Whether every commit from now on will reach `message` (true), or messages may be missed
   * until it is called with true again (false: the server connection is down). Called once
   * when listening starts, then on every change.
   */
  connected?(live: boolean): void;
}

/** A channel name is an SQL identifier in LISTEN: only plain lower-case names are accepted. */
export function checkChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad notification channel name ${JSON.stringify(channel)}`);
  return channel;
}

/** This process's listeners, by channel. */
export class LocalChannels {
  private readonly listeners = new Map<string, Set<ChannelListener>>();

  add(channel: string, listener: ChannelListener): () => void {
    let set = this.listeners.get(checkChannel(channel));
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  channels(): string[] {
    return [...this.listeners].filter(([, set]) => set.size > 0).map(([channel]) => channel);
  }

  deliver(channel: string, payload: string): void {
    for (const listener of this.listeners.get(channel) ?? []) listener.message(payload);
  }

  /** Delivers what a committed transaction sent, in order. */
  deliverAll(messages: readonly (readonly [string, string])[]): void {
    for (const [channel, payload] of messages) this.deliver(channel, payload);
  }

  /** Tells every listener the server connection's state. */
  state(live: boolean): void {
    for (const set of this.listeners.values()) for (const listener of set) listener.connected?.(live);
  }
}
