import { safeHref, trimSpans, type RichSpan } from '../../handlers/rich-text.js';

/*
 * Teams message text ↔ the core's neutral formatted runs (RichSpan), for relays between
 * platforms. Teams delivers a formatted message as HTML (`<strong>`, `<em>`, `<s>`, `<a href>`,
 * `<at>` mentions, `<p>` paragraphs); clients and tools that send Markdown send `**bold**`,
 * `_italic_` / `*italic*`, `~~strike~~` and `[label](url)`. Both are read. Written here rather
 * than taken from a library for the reasons given in bot/slack/slack-markup.ts. The way back
 * (runs → Adaptive Card Markdown) is `toTeamsMarkdown` in the card renderer.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
const HTML = /<\/?(?:p|div|br|b|strong|i|em|s|strike|del|a|span|at|ul|ol|li)\b[^>]*>/i;

/** A Teams message's text (HTML or Markdown) as formatted runs; `botMentionTexts` are removed. */
export function parseTeamsText(text: string, botMentionTexts: string[] = []): RichSpan[] {
  let out = text;
  for (const m of botMentionTexts) if (m) out = out.split(m).join(' ');
  const spans = HTML.test(out) ? readHtml(out) : readMarkdown(out, {});
  return trimSpans(spans.map((s) => ({ ...s, text: tidy(s.text) })));
}

type Style = Pick<RichSpan, 'bold' | 'italic' | 'strike'>;

function readHtml(html: string): RichSpan[] {
  const out: RichSpan[] = [];
  const open: { tag: string; style: Style; href?: string }[] = [];
  const current = () => open.reduce<{ style: Style; href?: string }>((acc, o) => ({ style: { ...acc.style, ...o.style }, href: o.href ?? acc.href }), { style: {} });
  let at = 0;
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    pushText(out, html.slice(at, m.index), current());
    at = m.index! + m[0].length;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (tag === 'br') pushText(out, '\n', current());
    if (closing) {
      if (['p', 'div', 'li'].includes(tag)) pushText(out, '\n', { style: {} });
      const i = open.map((o) => o.tag).lastIndexOf(tag);
      if (i >= 0) open.splice(i);
      continue;
    }
    if (tag === 'at') {
      open.push({ tag, style: {} });
      pushText(out, '@', current());
    } else if (tag === 'b' || tag === 'strong') open.push({ tag, style: { bold: true } });
    else if (tag === 'i' || tag === 'em') open.push({ tag, style: { italic: true } });
    else if (tag === 's' || tag === 'strike' || tag === 'del') open.push({ tag, style: { strike: true } });
    else if (tag === 'a') {
      const href = safeHref(decode(/\bhref\s*=\s*"([^"]*)"|\bhref\s*=\s*'([^']*)'/i.exec(m[3] ?? '')?.slice(1).find((x) => x !== undefined) ?? ''));
      open.push({ tag, style: {}, ...(href ? { href } : {}) });
    }
  }
  pushText(out, html.slice(at), current());
  return out;
}

function pushText(out: RichSpan[], raw: string, at: { style: Style; href?: string }): void {
  const text = decode(raw);
  if (text) out.push({ ...at.style, text, ...(at.href ? { href: at.href } : {}) });
}

// Links first, then emphasis: `**bold**` / `__bold__`, `~~strike~~`, `*italic*` / `_italic_`.
const MD = /\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<((?:https?:\/\/|mailto:)[^>\s]+)>|(\*\*|__)(?!\s)([^\n]*?[^\s])\4|(~~)(?!\s)([^\n]*?[^\s])~~|(?<![A-Za-z0-9*_])([*_])(?![\s*_])([^\n]*?[^\s*_])\8(?![A-Za-z0-9])/g;

function readMarkdown(text: string, style: Style): RichSpan[] {
  const out: RichSpan[] = [];
  let at = 0;
  for (const m of text.matchAll(MD)) {
    out.push({ ...style, text: decode(text.slice(at, m.index)) });
    at = m.index! + m[0].length;
    if (m[1] !== undefined) {
      const href = safeHref(m[2]);
      out.push(...readMarkdown(m[1], style).map((s) => (href ? { ...s, href } : { ...s, text: `${s.text}` })));
      if (!href) out.push({ ...style, text: ` (${m[2]})` });
    } else if (m[3] !== undefined) {
      out.push({ ...style, text: m[3].replace(/^mailto:/i, ''), href: m[3] });
    } else if (m[4] !== undefined) {
      out.push(...readMarkdown(m[5]!, { ...style, bold: true }));
    } else if (m[6] !== undefined) {
      out.push(...readMarkdown(m[7]!, { ...style, strike: true }));
    } else {
      out.push(...readMarkdown(m[9]!, { ...style, italic: true }));
    }
  }
  out.push({ ...style, text: decode(text.slice(at)) });
  return out.filter((s) => s.text);
}

function decode(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function tidy(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t\u00a0]{2,}/g, ' ');
}
