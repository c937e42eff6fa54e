import { mergeSpans, safeHref, trimSpans, type RichSpan } from '../../handlers/rich-text.js';

/*
 * Slack mrkdwn ↔ the core's neutral formatted runs (RichSpan), for relays between platforms.
 * Written here rather than taken from a library: the npm converters go one way each
 * (slackify-markdown: Markdown → mrkdwn; html-to-mrkdwn: HTML → mrkdwn) and return strings, while
 * a relay needs both ways through runs whose text is escaped on the way out, and Slack's user
 * mentions turned into names from the directory.
 *
 * What is read: `*bold*`, `_italic_`, `~strike~` (nested too), `<url|label>` and `<url>` links,
 * `<@U…>` mentions (the person's name, or nothing), `<#C…|name>`, `<!here>`-style broadcasts
 * (the core neutralises them), `<!date…|fallback>`, and the entities `&amp;` `&lt;` `&gt;`.
 */

/** Ids of the people a message mentions (`<@U…>`), so the caller can look their names up. */
export function mentionedUserIds(text: string): string[] {
  return [...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!))];
}

export interface MrkdwnReadOptions {
  /** The bot's own user id: its mention is dropped. */
  botUserId?: string;
  /** Display names by Slack user id (from the directory); a mention of anyone else is dropped. */
  names?: ReadonlyMap<string, string>;
}

// Private-use characters stand in for Slack's <…> tokens while the emphasis is read.
const TOKEN_OPEN = '\uE000';
const TOKEN_CLOSE = '\uE001';
const TOKEN = new RegExp(`${TOKEN_OPEN}(\\d+)${TOKEN_CLOSE}`, 'g');
const MARKER: Record<string, 'bold' | 'italic' | 'strike'> = { '*': 'bold', _: 'italic', '~': 'strike' };
// An emphasis: a marker after a non-word character (or the line's start), text that neither starts
// nor ends with a space and stays on one line, the same marker, then no word character.
const EMPHASIS = /(^|[^A-Za-z0-9*_~])([*_~])(?!\s)([^\n]*?[^\s])\2(?![A-Za-z0-9])/g;

/** A Slack message's text (mrkdwn as Slack delivers it) as formatted runs. */
export function parseMrkdwn(text: string, options: MrkdwnReadOptions = {}): RichSpan[] {
  const tokens: RichSpan[][] = [];
  const masked = text.replace(/<([^<>\n]*)>/g, (_m, inner: string) => {
    tokens.push(readToken(inner, options));
    return `${TOKEN_OPEN}${tokens.length - 1}${TOKEN_CLOSE}`;
  });
  const spans = readEmphasis(masked, {}, tokens);
  // A mention left out leaves two spaces behind: one is enough.
  return trimSpans(mergeSpans(spans.map((s) => ({ ...s, text: decodeEntities(s.text) }))).map((s) => ({ ...s, text: s.text.replace(/[ \t]{2,}/g, ' ') })));
}

type Style = Pick<RichSpan, 'bold' | 'italic' | 'strike'>;

function readEmphasis(text: string, style: Style, tokens: RichSpan[][]): RichSpan[] {
  const out: RichSpan[] = [];
  let at = 0;
  for (const m of text.matchAll(EMPHASIS)) {
    const [whole, before = '', marker = '*', inner = ''] = m;
    const start = m.index!;
    out.push(...expandTokens(text.slice(at, start) + before, style, tokens));
    out.push(...readEmphasis(inner, { ...style, [MARKER[marker]!]: true }, tokens));
    at = start + whole.length;
  }
  out.push(...expandTokens(text.slice(at), style, tokens));
  return out;
}

function expandTokens(text: string, style: Style, tokens: RichSpan[][]): RichSpan[] {
  const out: RichSpan[] = [];
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    out.push({ ...style, text: text.slice(at, m.index) });
    for (const t of tokens[Number(m[1])] ?? []) out.push({ ...style, ...t });
    at = m.index! + m[0].length;
  }
  out.push({ ...style, text: text.slice(at) });
  return out.filter((s) => s.text);
}

function readToken(inner: string, options: MrkdwnReadOptions): RichSpan[] {
  const [target = '', label] = splitLabel(inner);
  const mention = /^@([UW][A-Z0-9]+)$/.exec(target);
  if (mention) {
    if (mention[1] === options.botUserId) return [];
    const name = options.names?.get(mention[1]!);
    // Never the raw id: the directory's name, or nothing.
    return name ? [{ text: `@${name}` }] : [];
  }
  if (target.startsWith('#')) return [{ text: `#${label || target.slice(1)}` }];
  if (target.startsWith('!')) {
    const word = /^!(here|channel|everyone)$/.exec(target)?.[1];
    if (word) return [{ text: `@${word}` }];
    if (target.startsWith('!subteam^')) return [{ text: label ? (label.startsWith('@') ? label : `@${label}`) : '@group' }];
    return label ? [{ text: label }] : [];
  }
  const href = safeHref(decodeEntities(target));
  const shown = decodeEntities(label ?? target.replace(/^(mailto|tel):/i, ''));
  return href ? [{ text: shown, href }] : [{ text: shown }];
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Escapes what Slack's mrkdwn treats as markup (same as the Block Kit renderer's escape). */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Formatted runs as Slack mrkdwn. Each run's text is escaped (no run can write a mention or a
 * link of its own); styles are written around the run with its outer spaces kept outside the
 * markers (Slack ignores `* bold*`); a link is `<url|label>` with the label's `|` and `>` removed.
 */
export function toMrkdwn(spans: readonly RichSpan[]): string {
  return mergeSpans(spans)
    .map((s) => {
      const href = safeHref(s.href);
      const body = href ? `<${escape(href).replace(/[|\s]/g, encodeURIComponent)}|${escape(s.text.replace(/[|>]/g, ' '))}>` : escape(s.text);
      return wrap(wrap(wrap(body, s.strike ? '~' : ''), s.italic ? '_' : ''), s.bold ? '*' : '');
    })
    .join('');
}

function wrap(text: string, marker: string): string {
  if (!marker) return text;
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : text;
}
