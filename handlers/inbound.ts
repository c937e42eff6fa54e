import type { Lang } from '../knowledge/text/normalize.js';
import type { RichSpan } from './rich-text.js';

/** A message from a person, as every adapter hands it to the handlers. */
export interface InboundMessage {
  kind: 'message';
  /** Platform the message came from: local, slack, teams. */
  channel: string;
  /** Key of this delivery for deduplication (platform event id); retries repeat it. */
  deliveryKey: string;
  /** Opaque platform identity of the sender (`slack:T1:U1`). */
  identity: string;
  /** Opaque ref of the thread the reply belongs in; follow-ups share it. */
  threadRef: string;
  text: string;
  /**
   * The same message with its inline formatting (bold, italic, strike, links), parsed by the
   * adapter from its platform's markup, when it had any. Relays use it so the formatting survives
   * on the other platform; everything else reads `text`.
   */
  rich?: RichSpan[];
  /** Language the platform reports for the user, if any; the text decides otherwise. */
  langHint?: Lang;
  /**
   * A 1:1 conversation between the asker and the bot (Slack DM, Teams personal chat, the
   * playground and console): personal data the asker wrote may be shown back to them; in a
   * channel others read the reply, so it stays masked.
   */
  private?: boolean;
}

/** A button press or form submit. */
export interface InboundAction {
  kind: 'action';
  channel: string;
  deliveryKey: string;
  identity: string;
  threadRef: string;
  /** The CardButton's actionId. */
  actionId: string;
  /** The CardButton's value (a case number), untrusted. */
  value: string;
  /** Fields of a submitted form, if any. */
  form?: Record<string, string>;
}

/** A text command such as `/otasuke kb publish mfa-ja` (the adapter strips the platform's command prefix). */
export interface InboundCommand {
  kind: 'command';
  channel: string;
  deliveryKey: string;
  identity: string;
  threadRef: string;
  /** The command's first word, e.g. `kb`. */
  command: string;
  /** The rest of the first line, split on spaces. */
  args: string[];
  /** Any lines after the first (a Markdown article for `kb add` / `kb edit`). */
  body?: string;
}

export type Inbound = InboundMessage | InboundAction | InboundCommand;
