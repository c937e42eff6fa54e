import type { Severity } from '../knowledge/taxonomy.js';
import type { RichSpan } from './rich-text.js';

/**
 * The neutral reply the handlers produce. Adapters render it with one pure
 * function each (Block Kit, Adaptive Card, plain text); nothing here knows a
 * platform.
 */
export interface Card {
  /** Severity badge, shown first. */
  badge?: { severity: Severity; label: string; category: string };
  blocks: CardBlock[];
  buttons?: CardButton[];
  citations?: CardCitation[];
  /**
   * Links the core vouches for (a desk's phone, e-mail or page from the contacts registry):
   * wherever `text` appears verbatim in the card's text, a renderer that can make it clickable
   * does (Slack `<href|text>`, Markdown `[text](href)`); one that cannot shows the text, which
   * already says everything. Only tel:, mailto: and https: are ever honoured (see applyLinks).
   */
  links?: CardLink[];
}

/** A link in a card's text: `text` as it appears, `href` a tel:, mailto: or https: address. */
export interface CardLink {
  text: string;
  href: string;
}

export type CardBlock =
  /**
   * `group`, when set, heads the buttons of the same group (e.g. one intake question and its options).
   * `rich`, when set, is the same text with a person's inline formatting (a relayed message):
   * renderers that show formatting write it in their platform's markup, the others show `text`.
   * `title`, when set, heads the text like a list's title (a generated summary: 「要約(AI)」).
   */
  | { kind: 'text'; text: string; group?: string; rich?: RichSpan[]; title?: string }
  /** A numbered list (first aid, steps). */
  | { kind: 'steps'; title: string; items: string[] }
  /** A bullet list (what not to do). */
  | { kind: 'bullets'; title: string; items: string[] }
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  /** Highlighted line, e.g. "a responder has been alerted". */
  | { kind: 'notice'; text: string };

export interface CardButton {
  /** Stable action id the adapters route back (e.g. `feedback.helpful`, `case.claim`). */
  actionId: string;
  label: string;
  /** Opaque value carried back with the click (a case number). */
  value: string;
  style?: 'primary' | 'danger';
  /**
   * Buttons sharing a group are one choice (the options of one question). A
   * renderer that supports groups shows them together right after the `text`
   * block with the same `group`; one that does not shows every button in one
   * row, as for ungrouped buttons. Default: ungrouped.
   */
  group?: string;
}

export interface CardCitation {
  slug: string;
  title: string;
  lang: string;
  /** A page people can open (PUBLIC_BASE_URL/kb/<slug>); absent, the card carries an `article.open` button instead. */
  url?: string;
}

/** A message the core wants delivered to a thread or destination. */
export interface Outbound {
  /** Opaque, platform-prefixed thread or destination ref. */
  to: string;
  card: Card;
  /**
   * A file delivered with the card (an exported report). Adapters upload it
   * to the same destination; the card's text says what it is, so a channel
   * that cannot take files still tells the person something useful.
   */
  file?: OutboundFile;
  /**
   * The card is the new look of the card that started the thread `to` (an
   * escalation card after a claim): adapters that can edit a posted message
   * update it in place; the others post it as a new message. Default: post.
   */
  replace?: boolean;
  /**
   * Only the person whose inbound caused this reply needs to see it (a
   * refusal, an error): adapters that can show a private message do so, the
   * others post it in `to` like any reply. Default: everyone in `to`.
   */
  senderOnly?: boolean;
  /**
   * Set on a reply recorded in the reply outbox (InboundHandler.handleDurably): the adapter that
   * posts it marks the row sent (ReplyOutbox.sent); `idemKey` is its idempotency key per platform
   * message. A row never marked is delivered later by the sweep.
   */
  outboxId?: number;
  idemKey?: string;
}

/** A file the core hands to an adapter: name (no folders), MIME type and bytes. */
export interface OutboundFile {
  name: string;
  contentType: string;
  data: Buffer;
}

const LINK_SCHEMES = /^(tel:[0-9+%#*-]+|mailto:[^\s<>|()[\]]+|https:\/\/[^\s<>|()[\]]+)$/i;

/**
 * Turns the card's links into markup in text a renderer has already made safe: every
 * occurrence of a link's text (itself escaped by `escape`, as the text was) that stands on its
 * own, not inside a longer address or number, becomes `render(link, escapedText)`. One pass, so
 * a link's markup is never linked again; links whose href is not tel:, mailto: or https: are
 * ignored. `accept` lets a renderer skip schemes its platform cannot open (Teams: tel:).
 */
export function applyLinks(
  text: string,
  links: readonly CardLink[] | undefined,
  render: (link: CardLink, escapedText: string) => string,
  options: { escape?: (s: string) => string; accept?: (link: CardLink) => boolean } = {},
): string {
  const escape = options.escape ?? ((s: string) => s);
  const usable = (links ?? []).filter((l) => l.text.trim().length >= 3 && LINK_SCHEMES.test(l.href) && (options.accept?.(l) ?? true));
  if (usable.length === 0) return text;
  const byText = new Map(usable.map((l) => [escape(l.text), l]));
  const alternatives = [...byText.keys()].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\w@.+/:%#-])(?:${alternatives.join('|')})(?![\\w@/#-]|\\.\\w)`, 'g');
  return text.replace(pattern, (m) => render(byText.get(m)!, m));
}
