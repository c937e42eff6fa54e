import type { types } from '@slack/bolt';
import { applyLinks, type Card, type CardBlock, type CardButton, type CardLink } from '../../handlers/cards.js';
import { t } from '../../core/i18n/t.js';
import { detectLang, type Lang } from '../../knowledge/text/normalize.js';
import { toMrkdwn } from './slack-markup.js';

/** What chat.postMessage / chat.update / views.* take: the blocks, and the plain fallback for notifications. */
export interface BlockKitMessage {
  /** Fallback text (notifications, screen readers); escaped like the blocks. */
  text: string;
  blocks: types.KnownBlock[];
}

export interface BlockKitOptions {
  /** Most blocks allowed: 50 in a message (default), 100 in a modal or the Home tab. */
  maxBlocks?: number;
  /** Budget of the serialized blocks in characters (Slack refuses ~13k with msg_blocks_too_long). Default 12,000. */
  maxChars?: number;
  /**
   * Lets a `notice` block start with one Slack mention token (`<!subteam^S…>`,
   * `<!here>`, `<@U…>`): the on-call mention an operator configured for an
   * escalation tier. Only for cards the bot posts to a responders channel;
   * everything after the token is escaped like any other text.
   */
  allowLeadingMention?: boolean;
}

/** Slack's limits (docs.slack.dev reference/block-kit). */
export const LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  maxChars: 12_000,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  fallbackText: 300,
} as const;

const BADGE_EMOJI: Record<string, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🟢' };

/**
 * Escapes the three characters Slack's mrkdwn treats as markup. After this,
 * `<!channel>`, `<@U…>` or `<https://evil|bank>` in text the bot did not write
 * shows as typed and pings, links or impersonates nobody.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The one Block Kit renderer: a neutral card in, blocks out. Pure. Every text
 * that comes from the core (answers, article text, user text, model output) is
 * escaped; only the markup written here (bold titles, quote marks, list
 * numbers) is left as markup. Slack's limits are kept by splitting long
 * sections and, if the whole is still too big, dropping the last content
 * blocks with a note; the badge, citations and buttons always survive.
 */
export function toBlockKit(card: Card, options: BlockKitOptions = {}): BlockKitMessage {
  const maxBlocks = options.maxBlocks ?? LIMITS.messageBlocks;
  const maxChars = options.maxChars ?? LIMITS.maxChars;
  const lang = cardLang(card);
  const buttons = (card.buttons ?? []).map((b, index) => ({ ...b, index }));
  const groupsWithText = new Set(card.blocks.flatMap((b) => (b.kind === 'text' && b.group ? [b.group] : [])));

  const head: types.KnownBlock[] = card.badge ? [badgeBlock(card.badge)] : [];
  // Content blocks are kept in units: a question and its buttons are dropped together or not at all.
  const units: types.KnownBlock[][] = card.blocks.map((block) => {
    const rendered = renderBlock(block, options.allowLeadingMention === true, card.links);
    if (block.kind === 'text' && block.group) {
      rendered.push(...actionsBlocks(buttons.filter((b) => b.group === block.group)));
    }
    return rendered;
  });
  const tail: types.KnownBlock[] = [];
  if (card.citations?.length) tail.push(citationsBlock(card, lang));
  tail.push(...actionsBlocks(buttons.filter((b) => !b.group || !groupsWithText.has(b.group))));

  let kept = units.filter((u) => u.length > 0);
  const fits = (content: types.KnownBlock[][], note: boolean) => {
    const all = [...head, ...content.flat(), ...(note ? [truncatedNote(lang)] : []), ...tail];
    return all.length <= maxBlocks && JSON.stringify(all).length <= maxChars;
  };
  let truncated = false;
  while (!fits(kept, truncated) && kept.length > 0) {
    const last = kept[kept.length - 1]!;
    // A unit of several sections (a long text split up) loses sections one at a time.
    if (last.length > 1 && last.every((b) => b.type === 'section')) kept = [...kept.slice(0, -1), last.slice(0, -1)];
    else kept = kept.slice(0, -1);
    truncated = true;
  }
  const blocks = [...head, ...kept.flat(), ...(truncated ? [truncatedNote(lang)] : []), ...tail];
  return { text: fallbackText(card), blocks };
}

function badgeBlock(badge: NonNullable<Card['badge']>): types.HeaderBlock {
  const text = `${BADGE_EMOJI[badge.severity] ?? '⚪'} ${badge.label} | ${badge.category}`;
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true } };
}

function renderBlock(block: CardBlock, allowLeadingMention: boolean, links?: CardLink[]): types.KnownBlock[] {
  switch (block.kind) {
    case 'text': {
      // A relayed message keeps its formatting: its runs written as mrkdwn, each run's text escaped.
      const formatted = block.rich ? toMrkdwn(block.rich) : '';
      if (formatted && formatted.length <= LIMITS.sectionText) return sections([formatted]);
      // A titled text (a generated summary) reads like a titled list: the title in bold above it.
      if (block.title?.trim()) return listSections(block.title, escapedChunks(block.text, LIMITS.sectionText), links);
      return sections(escapedChunks(block.text, LIMITS.sectionText), links);
    }
    case 'notice':
      return sections(noticeChunks(block.text, allowLeadingMention), links);
    case 'steps':
      return listSections(block.title, block.items.map((item, i) => `${i + 1}. ${escapeMrkdwn(item)}`), links);
    case 'bullets':
      return listSections(block.title, block.items.map((item) => `• ${escapeMrkdwn(item)}`), links);
    case 'fields': {
      const fields = block.fields
        .map((f) => `*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`)
        .map((text) => ({ type: 'mrkdwn' as const, text: clipEscaped(text, LIMITS.fieldText) }));
      const out: types.SectionBlock[] = [];
      for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) out.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
      return out;
    }
  }
  return [];
}

/**
 * Mrkdwn sections from escaped chunks. The card's links (a desk's tel:, mailto: or page, from
 * the contacts registry, never from the text) become `<href|text>` where their text stands.
 */
function sections(chunks: string[], links?: CardLink[]): types.SectionBlock[] {
  return chunks
    .filter((c) => c.trim().length > 0)
    .map((text) => ({ type: 'section', text: { type: 'mrkdwn', text: applyLinks(text, links, (l, shown) => `<${linkTarget(l.href)}|${shown}>`, { escape: escapeMrkdwn }) } }));
}

/** A titled list: lines are packed into sections of at most 3,000 characters, never splitting a line. */
function listSections(title: string, lines: string[], links?: CardLink[]): types.SectionBlock[] {
  const chunks: string[] = [];
  let current = title.trim() ? `*${escapeMrkdwn(title)}*` : '';
  for (const raw of lines) {
    const line = clipEscaped(raw, LIMITS.sectionText);
    if (current && current.length + 1 + line.length > LIMITS.sectionText) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return sections(chunks, links);
}

const LEADING_MENTION = /^(<!subteam\^[A-Z0-9]+(?:\|[^<>&]{1,80})?>|<!here>|<!channel>|<@[UW][A-Z0-9]+>)\s+/;

/** A highlighted line: a block quote, each line marked, the text escaped. */
function noticeChunks(text: string, allowLeadingMention: boolean): string[] {
  const mention = allowLeadingMention ? LEADING_MENTION.exec(text) : null;
  const body = mention ? text.slice(mention[0].length) : text;
  const quoted = escapedChunks(body, LIMITS.sectionText - 200).map((chunk) =>
    chunk
      .split('\n')
      .map((line) => `>${line}`)
      .join('\n'),
  );
  if (mention && quoted.length > 0) quoted[0] = `${mention[1]}\n${quoted[0]}`;
  return quoted.map((q) => clipEscaped(q, LIMITS.sectionText));
}

/**
 * Escapes `raw` and cuts it into pieces of at most `limit` characters,
 * preferring line ends, and never inside an entity such as `&amp;`.
 */
export function escapedChunks(raw: string, limit: number): string[] {
  const chunks: string[] = [];
  let current = '';
  let lastBreak = -1;
  for (const ch of raw) {
    const piece = escapeMrkdwn(ch);
    if (current.length + piece.length > limit) {
      if (lastBreak > 0) {
        chunks.push(current.slice(0, lastBreak));
        current = current.slice(lastBreak + 1);
      } else {
        chunks.push(current);
        current = '';
      }
      lastBreak = -1;
    }
    if (ch === '\n') lastBreak = current.length;
    current += piece;
  }
  if (current) chunks.push(current);
  return chunks;
}

function actionsBlocks(buttons: (CardButton & { index: number })[]): types.ActionsBlock[] {
  const out: types.ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) {
    out.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.actionsElements).map(buttonElement) });
  }
  return out;
}

/**
 * Slack needs action ids unique within a message, but the core may repeat one
 * (every intake option is `intake.answer`): the button's position is appended
 * (`intake.answer#3`) and stripped again by decodeActionId.
 */
function buttonElement(b: CardButton & { index: number }): types.Button {
  return {
    type: 'button',
    action_id: encodeActionId(b.actionId, b.index),
    text: { type: 'plain_text', text: clip(b.label, LIMITS.buttonText), emoji: true },
    value: b.value.slice(0, LIMITS.buttonValue),
    ...(b.style ? { style: b.style } : {}),
  };
}

export function encodeActionId(actionId: string, index: number): string {
  return `${actionId}#${index}`;
}

/** The core's action id from a Slack action_id; null when it is not one the renderer wrote. */
export function decodeActionId(slackActionId: string): string | null {
  const m = /^([a-z][a-z0-9_]*(?:\.[a-z0-9_]+){1,3})(?:#\d{1,3})?$/.exec(slackActionId);
  return m ? m[1]! : null;
}

function citationsBlock(card: Card, lang: Lang): types.ContextBlock {
  const citations = card.citations ?? [];
  const shown = citations.slice(0, LIMITS.contextElements - 1);
  return {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `*${escapeMrkdwn(t(lang, 'reply.sources'))}*` },
      ...shown.map((c) => ({ type: 'mrkdwn' as const, text: c.url ? `📄 <${linkTarget(c.url)}|${clipEscaped(escapeMrkdwn(c.title).replace(/[|>]/g, ' '), 200)}>` : clipEscaped(`📄 ${escapeMrkdwn(c.title)}`, LIMITS.fieldText) })),
    ],
  };
}

/** A URL inside <…|…>: the characters that would end the link are percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
}

function truncatedNote(lang: Lang): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(t(lang, 'slack.render.truncated')) }] };
}

/** A short plain summary for notifications: badge, then the first text. */
function fallbackText(card: Card): string {
  const parts: string[] = [];
  if (card.badge) parts.push(`${BADGE_EMOJI[card.badge.severity] ?? ''} ${card.badge.label} | ${card.badge.category}`);
  const first = card.blocks.find((b) => b.kind === 'text' || b.kind === 'notice' || b.kind === 'steps');
  if (first) parts.push(first.kind === 'steps' ? first.title : (first as { text: string }).text);
  const text = parts.join(' — ').replace(/\s+/g, ' ').trim() || '…';
  return clipEscaped(escapeMrkdwn(text), LIMITS.fallbackText);
}

/** The card's language, read from its own text (kana or kanji → Japanese). */
function cardLang(card: Card): Lang {
  if (card.citations?.[0]?.lang === 'en' || card.citations?.[0]?.lang === 'ja') return card.citations[0].lang;
  const text = card.blocks.map((b) => ('text' in b ? b.text : 'title' in b ? b.title : '')).join(' ');
  return detectLang(`${card.badge?.label ?? ''} ${text}`);
}

/** Cuts plain text to `max` characters with an ellipsis. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Cuts already-escaped text without splitting an entity. */
function clipEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}
