import { applyLinks, type Card, type CardBlock, type CardButton, type CardLink } from '../../handlers/cards.js';
import { mergeSpans, safeHref, type RichSpan } from '../../handlers/rich-text.js';
import { t } from '../../core/i18n/t.js';
import { neutralizeMentions } from '../../knowledge/text/neutralize.js';
import { detectLang, type Lang } from '../../knowledge/text/normalize.js';

/*
 * The one Adaptive Card renderer: a neutral card in, an Adaptive Card 1.5 (the
 * version Teams supports) out. Pure. Buttons are Action.Execute (Universal
 * Actions: the bot answers with the updated card, in place) with an
 * Action.Submit fallback for clients that predate 1.5; a button whose action
 * needs a form (Resolve: the summary) opens a Teams dialog instead.
 */

/** Adaptive Card elements and actions the renderer writes (a subset of the 1.5 schema). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  lang?: string;
  body: AcElement[];
  actions?: AcAction[];
  msteams?: { width: 'Full' };
}

export type AcElement =
  | { type: 'TextBlock'; text: string; wrap: true; weight?: 'Bolder'; size?: 'Small' | 'Medium' | 'Large'; color?: AcColor; isSubtle?: boolean; spacing?: 'Small' | 'Medium'; fontType?: 'Monospace' }
  | { type: 'Container'; items: AcElement[]; style?: AcContainerStyle; separator?: boolean; spacing?: 'Small' | 'Medium' }
  | { type: 'FactSet'; facts: { title: string; value: string }[] }
  | { type: 'ActionSet'; actions: AcAction[] }
  | { type: 'Input.Text'; id: string; label?: string; placeholder?: string; isMultiline?: boolean; maxLength?: number; isRequired?: boolean; errorMessage?: string }
  | { type: 'Input.ChoiceSet'; id: string; label?: string; choices: { title: string; value: string }[]; value?: string; style?: 'compact' | 'expanded'; isRequired?: boolean; errorMessage?: string };

export type AcAction =
  | { type: 'Action.Execute'; title: string; verb: string; data: ActionData; style?: AcStyle; fallback: AcSubmit }
  | AcSubmit
  | { type: 'Action.OpenUrl'; title: string; url: string };

type AcSubmit = { type: 'Action.Submit'; title: string; data: ActionData; style?: AcStyle };
type AcStyle = 'positive' | 'destructive';
type AcColor = 'Attention' | 'Warning' | 'Accent' | 'Good';
type AcContainerStyle = 'emphasis' | 'attention' | 'warning' | 'accent' | 'good';

/** What a button carries back: the core's action id and value; `msteams` asks Teams to open a dialog. */
export interface ActionData {
  actionId: string;
  value: string;
  msteams?: { type: 'task/fetch' };
}

export interface AdaptiveCardOptions {
  /** Action ids whose button opens a dialog (task module) that collects a form first. */
  dialogActions?: readonly string[];
  /** Budget of the serialized card in bytes. Teams refuses messages over ~28 KB; default 26,000 leaves room for the activity. */
  maxBytes?: number;
}

export const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const LIMITS = { maxBytes: 26_000, buttonTitle: 80, buttonValue: 500, actionsPerSet: 6, citations: 10 } as const;

const BADGE: Record<string, { emoji: string; color: AcColor; style: AcContainerStyle }> = {
  critical: { emoji: '🔴', color: 'Attention', style: 'attention' },
  high: { emoji: '🟠', color: 'Warning', style: 'warning' },
  medium: { emoji: '🟡', color: 'Accent', style: 'accent' },
  low: { emoji: '🟢', color: 'Good', style: 'good' },
};

/**
 * Text the bot did not write (user text, article text, model output) shown
 * as typed: Teams pings only through `<at>` tags with matching mention
 * entities, which the bot never sends, but the tags are removed anyway, and
 * broadcast words (`@channel`, `@everyone`) lose their `@` as everywhere else
 * in the product, so nothing even looks like a mention; Markdown links become
 * "label (url)" so no text can dress a link up as something else. Nothing is
 * HTML-escaped: Adaptive Cards do not render HTML.
 */
export function safeText(text: string): string {
  return neutralizeMentions(text)
    .replace(/<at\b[^>]*>([\s\S]*?)<\/at\s*>/gi, (_m, name: string) => name.trim())
    .replace(/<\/?at\b[^>]*>/gi, '')
    .replace(/!?\[([^\]\n]*)\]\(\s*([^)\s]+)[^)]*\)/g, (_m, label: string, url: string) => (label.trim() ? `${label} (${url})` : url));
}

/**
 * Renders a neutral card. Teams' budget is kept by dropping the last content
 * blocks (a question and its buttons go together) with a note; the badge,
 * citations and buttons always survive.
 */
export function toAdaptiveCard(card: Card, options: AdaptiveCardOptions = {}): AdaptiveCard {
  const maxBytes = options.maxBytes ?? LIMITS.maxBytes;
  const lang = cardLang(card);
  const dialog = new Set(options.dialogActions ?? []);
  const groupsWithText = new Set(card.blocks.flatMap((b) => (b.kind === 'text' && b.group ? [b.group] : [])));

  const head: AcElement[] = card.badge ? [badgeElement(card.badge)] : [];
  const units: AcElement[][] = card.blocks.map((block) => {
    const rendered = renderBlock(block, card.links);
    if (block.kind === 'text' && block.group) {
      rendered.push(...actionSets((card.buttons ?? []).filter((b) => b.group === block.group), dialog));
    }
    return rendered;
  });
  const tail: AcElement[] = card.citations?.length ? [citationsElement(card, lang)] : [];
  const actions = (card.buttons ?? []).filter((b) => !b.group || !groupsWithText.has(b.group)).map((b) => action(b, dialog));

  const build = (content: AcElement[][], truncated: boolean): AdaptiveCard => ({
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    lang,
    msteams: { width: 'Full' },
    body: [...head, ...content.flat(), ...(truncated ? [noteElement(lang)] : []), ...tail],
    ...(actions.length ? { actions } : {}),
  });
  let kept = units.filter((u) => u.length > 0);
  let truncated = false;
  let out = build(kept, truncated);
  while (byteSize(out) > maxBytes && kept.length > 0) {
    const last = kept[kept.length - 1]!;
    // A long list loses items one at a time before the whole block goes.
    kept = last.length > 2 && last.every((e) => e.type === 'TextBlock') ? [...kept.slice(0, -1), last.slice(0, -1)] : kept.slice(0, -1);
    truncated = true;
    out = build(kept, truncated);
  }
  return out;
}

export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** A short plain line for notifications and previews: badge, then the first text. */
export function cardSummary(card: Card): string {
  const parts: string[] = [];
  if (card.badge) parts.push(`${BADGE[card.badge.severity]?.emoji ?? ''} ${card.badge.label} | ${card.badge.category}`);
  const first = card.blocks.find((b) => b.kind === 'text' || b.kind === 'notice' || b.kind === 'steps');
  if (first) parts.push(first.kind === 'steps' ? first.title : (first as { text: string }).text);
  const text = safeText(parts.join(' — ')).replace(/\s+/g, ' ').trim() || '…';
  return clip(text, 200);
}

function badgeElement(badge: NonNullable<Card['badge']>): AcElement {
  const look = BADGE[badge.severity] ?? BADGE.medium!;
  return {
    type: 'Container',
    style: look.style,
    items: [{ type: 'TextBlock', text: `${look.emoji} ${safeText(badge.label)} | ${safeText(badge.category)}`, wrap: true, weight: 'Bolder', size: 'Medium', color: look.color }],
  };
}

function renderBlock(block: CardBlock, links?: CardLink[]): AcElement[] {
  const linked = (text: string) => withLinks(safeText(text), links);
  switch (block.kind) {
    case 'text':
      if (!block.text.trim()) return [];
      // A titled text (a generated summary) reads like a titled list: the title in bold above it.
      if (block.title?.trim() && !block.rich) return titled(block.title, [linked(block.text)]);
      // A relayed message keeps its formatting: its runs in Markdown, each run's text made safe.
      return [{ type: 'TextBlock', text: block.rich ? toTeamsMarkdown(block.rich) : linked(block.text), wrap: true, ...(block.group ? { weight: 'Bolder' as const } : {}) }];
    case 'notice':
      return [{ type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: linked(block.text), wrap: true, weight: 'Bolder' }] }];
    case 'steps':
      // A no-break space after the number: the line shows as written, not re-numbered as a Markdown list.
      return titled(block.title, block.items.map((item, i) => `${i + 1}.\u00a0${linked(item)}`));
    case 'bullets':
      return titled(block.title, block.items.map((item) => `•\u00a0${linked(item)}`));
    case 'fields':
      return block.fields.length ? [{ type: 'FactSet', facts: block.fields.map((f) => ({ title: safeText(f.label), value: safeText(f.value) })) }] : [];
  }
  return [];
}

/**
 * Formatted runs (a relayed message, see handlers/rich-text.ts) as the Markdown a TextBlock
 * shows: `**bold**`, `_italic_`, `~~strike~~` (Adaptive Cards draw no strike-through, so Teams
 * shows the tildes), `[label](url)`. Each run's text goes through `safeText` first, so no run
 * brings a mention or a link of its own; only http:, https: and mailto: links are written.
 */
export function toTeamsMarkdown(spans: readonly RichSpan[]): string {
  return mergeSpans(spans)
    .map((s) => {
      const href = safeHref(s.href);
      const text = safeText(s.text);
      // Percent-encoded by hand: encodeURIComponent leaves ( and ) alone, which would end the link.
      const target = href?.replace(/[()\s]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
      const body = target ? `[${text.replace(/[[\]]/g, ' ')}](${target})` : text;
      return emphasize(emphasize(emphasize(body, s.strike ? '~~' : ''), s.italic ? '_' : ''), s.bold ? '**' : '');
    })
    .join('')
    .trim();
}

/** `marker` around the text, its outer spaces kept outside (Markdown ignores `** bold**`). */
function emphasize(text: string, marker: string): string {
  if (!marker) return text;
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : text;
}

/**
 * The card's links (a desk's e-mail or page from the contacts registry) as Markdown links where
 * their text stands, after safeText has turned any Markdown link of the text itself into words.
 * Not tel:: Teams drops the href of tel: links in card Markdown (MicrosoftDocs/AdaptiveCards#216),
 * so a phone number stays text, which Teams clients offer to call themselves.
 */
function withLinks(text: string, links?: CardLink[]): string {
  return applyLinks(text, links, (l, shown) => `[${shown}](${l.href.replace(/[()\s]/g, (x) => encodeURIComponent(x))})`, {
    accept: (l) => !l.href.startsWith('tel:'),
  });
}

function titled(title: string, lines: string[]): AcElement[] {
  const head: AcElement[] = title.trim() ? [{ type: 'TextBlock', text: safeText(title), wrap: true, weight: 'Bolder' }] : [];
  return [...head, ...lines.map((text): AcElement => ({ type: 'TextBlock', text, wrap: true, spacing: 'Small' }))];
}

function actionSets(buttons: CardButton[], dialog: Set<string>): AcElement[] {
  const out: AcElement[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsPerSet) {
    out.push({ type: 'ActionSet', actions: buttons.slice(i, i + LIMITS.actionsPerSet).map((b) => action(b, dialog)) });
  }
  return out;
}

function action(b: CardButton, dialog: Set<string>): AcAction {
  const title = clip(safeText(b.label), LIMITS.buttonTitle);
  const data: ActionData = { actionId: b.actionId, value: b.value.slice(0, LIMITS.buttonValue) };
  const style: AcStyle | undefined = b.style === 'primary' ? 'positive' : b.style === 'danger' ? 'destructive' : undefined;
  const styled = style ? { style } : {};
  if (dialog.has(b.actionId)) return { type: 'Action.Submit', title, data: { ...data, msteams: { type: 'task/fetch' } }, ...styled };
  return { type: 'Action.Execute', title, verb: b.actionId, data, ...styled, fallback: { type: 'Action.Submit', title, data, ...styled } };
}

function citationsElement(card: Card, lang: Lang): AcElement {
  const shown = (card.citations ?? []).slice(0, LIMITS.citations);
  return {
    type: 'Container',
    separator: true,
    items: [
      { type: 'TextBlock', text: t(lang, 'reply.sources'), wrap: true, weight: 'Bolder', size: 'Small' },
      ...shown.map((c): AcElement => ({
        type: 'TextBlock',
        // A link only to an http(s) page; the title is made plain text first (no Markdown of its own).
        text: c.url && /^https?:\/\//.test(c.url) ? `📄 [${safeText(c.title).replace(/[[\]]/g, ' ')}](${c.url.replace(/[()\s]/g, (x) => encodeURIComponent(x))})` : `📄 ${safeText(c.title)}`,
        wrap: true,
        size: 'Small',
        isSubtle: true,
        spacing: 'Small',
      })),
    ],
  };
}

function noteElement(lang: Lang): AcElement {
  return { type: 'TextBlock', text: t(lang, 'teams.render.truncated'), wrap: true, size: 'Small', isSubtle: true };
}

/** The card's language, read from its citations or its own text (kana or kanji → Japanese). */
export function cardLang(card: Card): Lang {
  const cited = card.citations?.[0]?.lang;
  if (cited === 'en' || cited === 'ja') return cited;
  const text = card.blocks.map((b) => ('text' in b ? b.text : 'title' in b ? b.title : '')).join(' ');
  return detectLang(`${card.badge?.label ?? ''} ${text} ${(card.buttons ?? []).map((b) => b.label).join(' ')}`);
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
