import { neutralize } from '../knowledge/text/neutralize.js';
import type { Lang } from '../knowledge/text/normalize.js';
import { t, type MessageKey } from '../core/i18n/t.js';

/**
 * A person's message with its inline formatting, in no platform's dialect: a list of runs, each
 * with its style and, for a link, its address. The adapter a message came in through parses its
 * markup into runs (Slack mrkdwn, Teams Markdown or HTML); the renderer of the platform it is
 * relayed to writes them in its own markup, escaping the text as it escapes any text. So
 * `*bold*` written in Slack arrives in Teams as `**bold**` and a Teams `[text](url)` arrives in
 * Slack as `<url|text>`, and no run can smuggle markup of its own into the other side.
 */
export interface RichSpan {
  text: string;
  bold?: true;
  italic?: true;
  strike?: true;
  /** The run is a link to this address (http:, https: or mailto: only; see `safeHref`). */
  href?: string;
}

const HREF = /^(?:https?:\/\/|mailto:)[^\s<>|"'`]+$/i;

/** The address if a relayed link may point there (http:, https:, mailto:), else undefined. */
export function safeHref(href: string | undefined): string | undefined {
  return href && HREF.test(href) ? href : undefined;
}

/** True when any run carries a style or a link (otherwise the plain text says it all). */
export function hasFormatting(spans: readonly RichSpan[]): boolean {
  return spans.some((s) => s.bold || s.italic || s.strike || s.href);
}

/** The runs as plain words: a link whose label is not its address reads `label (address)`. */
export function plainOf(spans: readonly RichSpan[]): string {
  return spans
    .map((s) => {
      if (!s.href) return s.text;
      const shown = s.href.replace(/^mailto:/i, '');
      return s.text.trim() === '' || s.text === s.href || s.text === shown ? shown : `${s.text} (${shown})`;
    })
    .join('');
}

/** Runs made safe to post under the bot's name (see `neutralize`): each run's text, and only safe links. */
export function neutralizeSpans(spans: readonly RichSpan[]): RichSpan[] {
  const out: RichSpan[] = [];
  for (const s of spans) {
    const text = neutralize(s.text);
    if (!text) continue;
    const { href, ...style } = s;
    const safe = safeHref(href);
    out.push({ ...style, text, ...(safe ? { href: safe } : {}) });
  }
  return mergeSpans(out);
}

/** Adjacent runs of the same style (and no link) joined, empty runs dropped. */
export function mergeSpans(spans: readonly RichSpan[]): RichSpan[] {
  const out: RichSpan[] = [];
  for (const s of spans) {
    if (!s.text) continue;
    const last = out.at(-1);
    if (last && !last.href && !s.href && !!last.bold === !!s.bold && !!last.italic === !!s.italic && !!last.strike === !!s.strike) {
      out[out.length - 1] = { ...last, text: last.text + s.text };
    } else {
      out.push({ ...s });
    }
  }
  return out;
}

/** Runs without the whitespace before the first word and after the last. */
export function trimSpans(spans: readonly RichSpan[]): RichSpan[] {
  const out = mergeSpans(spans).map((s) => ({ ...s }));
  while (out.length && !out[0]!.text.trim()) out.shift();
  while (out.length && !out.at(-1)!.text.trim()) out.pop();
  if (out.length) {
    out[0]!.text = out[0]!.text.trimStart();
    out[out.length - 1]!.text = out.at(-1)!.text.trimEnd();
  }
  return out;
}

/**
 * A catalogue message whose `{text}` is a person's formatted words: the message's own words as
 * plain runs around the person's runs (e.g. `👤 {name} (asker): {text}`).
 */
export function messageWithSpans(lang: Lang, key: MessageKey, params: Record<string, string | number>, spans: readonly RichSpan[]): RichSpan[] {
  const marker = '\u0000';
  const [before = '', after = ''] = t(lang, key, { ...params, text: marker }).split(marker);
  return mergeSpans([{ text: before }, ...spans, { text: after }]);
}
