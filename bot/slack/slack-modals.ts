import type { types } from '@slack/bolt';
import { CATEGORIES, SEVERITIES, taxonomy } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { escapeMrkdwn } from './block-kit-renderer.js';
import { parseRef } from './slack-ids.js';
import { t } from '../../core/i18n/t.js';

/*
 * The two forms the Slack app opens: the resolution summary behind a Resolve
 * button, and the article editor behind `/otasuke kb add|edit`. Pure builders
 * and parsers; private_metadata carries what the submission needs to find
 * its way back (it is written by the app and returned by Slack, and is still
 * checked on the way in).
 */

export const RESOLVE_CALLBACK = 'otasuke.resolve';
export const KB_CALLBACK = 'otasuke.kb';
export const RECLASSIFY_CALLBACK = 'otasuke.reclassify';

/** Slack's plain_text_input holds at most 3,000 characters. */
export const INPUT_LIMIT = 3000;
const TITLE_LIMIT = 24;
const METADATA_LIMIT = 3000;

export interface ResolveMeta {
  /** Case number. */
  n: string;
  /** Ref of the thread the Resolve button was pressed in (the card's), where refusals go. */
  r: string;
  /** response_url of the press, for a private reply. */
  u?: string;
}

export function resolveModal(lang: Lang, meta: ResolveMeta): types.ModalView {
  return {
    type: 'modal',
    callback_id: RESOLVE_CALLBACK,
    private_metadata: metadata(meta),
    title: plain(t(lang, 'slack.modal.resolve.title'), TITLE_LIMIT),
    submit: plain(t(lang, 'slack.modal.resolve.submit'), TITLE_LIMIT),
    close: plain(t(lang, 'slack.modal.close'), TITLE_LIMIT),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t(lang, 'slack.modal.resolve.intro', { number: meta.n })) } },
      {
        type: 'input',
        block_id: 'summary',
        label: plain(t(lang, 'slack.modal.resolve.label'), 2000),
        element: {
          type: 'plain_text_input',
          action_id: 'summary',
          multiline: true,
          max_length: INPUT_LIMIT,
          placeholder: plain(t(lang, 'slack.modal.resolve.placeholder'), 150),
        },
      },
    ],
  };
}

/** The fields of a view_submission payload's view the adapter reads. */
export interface SubmittedView {
  id: string;
  callback_id: string;
  private_metadata: string;
  state: { values: Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>> };
}

/** The triage correction behind "Correct triage": urgency and category (preset to the current ones) and a reason. */
export function reclassifyModal(lang: Lang, meta: ResolveMeta, current: { severity: string; category: string }): types.ModalView {
  const option = (value: string, text: string) => ({ text: plain(text, 75), value });
  const severities = SEVERITIES.map((s) => option(s, taxonomy.severities.find((x) => x.id === s)?.[lang] ?? s)).reverse();
  const categories = CATEGORIES.map((c) => option(c, taxonomy.categories.find((x) => x.id === c)?.[lang] ?? c));
  return {
    type: 'modal',
    callback_id: RECLASSIFY_CALLBACK,
    private_metadata: metadata(meta),
    title: plain(t(lang, 'slack.modal.reclassify.title'), TITLE_LIMIT),
    submit: plain(t(lang, 'slack.modal.reclassify.submit'), TITLE_LIMIT),
    close: plain(t(lang, 'slack.modal.close'), TITLE_LIMIT),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t(lang, 'slack.modal.reclassify.intro', { number: meta.n })) } },
      {
        type: 'input',
        block_id: 'severity',
        label: plain(t(lang, 'slack.modal.reclassify.severity'), 2000),
        element: { type: 'static_select', action_id: 'severity', options: severities, ...initial(severities, current.severity) },
      },
      {
        type: 'input',
        block_id: 'category',
        label: plain(t(lang, 'slack.modal.reclassify.category'), 2000),
        element: { type: 'static_select', action_id: 'category', options: categories, ...initial(categories, current.category) },
      },
      {
        type: 'input',
        block_id: 'reason',
        label: plain(t(lang, 'slack.modal.reclassify.reason'), 2000),
        element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 1000, placeholder: plain(t(lang, 'slack.modal.reclassify.placeholder'), 150) },
      },
    ],
  };
}

export function parseReclassifySubmission(view: SubmittedView): { meta: ResolveMeta; severity: string; category: string; reason: string } | null {
  const meta = readMetadata(view.private_metadata);
  if (!meta || typeof meta.n !== 'string' || !/^OT-\d{1,12}$/i.test(meta.n) || typeof meta.r !== 'string' || !isRef(meta.r)) return null;
  const severity = view.state.values.severity?.severity?.selected_option?.value ?? '';
  const category = view.state.values.category?.category?.selected_option?.value ?? '';
  // Only the ids the form offered: a forged submission is refused, not believed.
  if (!(SEVERITIES as readonly string[]).includes(severity) || !(CATEGORIES as readonly string[]).includes(category)) return null;
  const reason = (view.state.values.reason?.reason?.value ?? '').trim();
  return { meta: { n: meta.n, r: meta.r, ...(typeof meta.u === 'string' ? { u: meta.u } : {}) }, severity, category, reason };
}

function initial<T extends { value: string }>(options: T[], value: string): { initial_option?: T } {
  const found = options.find((o) => o.value === value);
  return found ? { initial_option: found } : {};
}

export function parseResolveSubmission(view: SubmittedView): { meta: ResolveMeta; summary: string } | null {
  const meta = readMetadata(view.private_metadata);
  if (!meta || typeof meta.n !== 'string' || !/^OT-\d{1,12}$/i.test(meta.n) || typeof meta.r !== 'string' || !isRef(meta.r)) return null;
  const summary = view.state.values.summary?.summary?.value ?? '';
  return { meta: { n: meta.n, r: meta.r, ...(typeof meta.u === 'string' ? { u: meta.u } : {}) }, summary: summary.trim() };
}

export interface KbFormMeta {
  verb: 'add' | 'edit';
  slug?: string;
  /** Where the command was typed (`slack:T:C`), for the reply. */
  r: string;
  /** response_url of the slash command, for a private reply. */
  u?: string;
}

/**
 * The article editor. A long article is split at blank lines over several
 * inputs (each holds 3,000 characters) and joined back in order; one more
 * empty input leaves room to grow. Null when a single paragraph is too long
 * for any input (then the article is edited with `npm run kb -- import`).
 */
export function kbModal(lang: Lang, meta: KbFormMeta, markdown: string): types.ModalView | null {
  const chunks = splitForInputs(markdown, INPUT_LIMIT);
  if (!chunks) return null;
  const inputs: types.InputBlock[] = chunks.map((chunk, i) => ({
    type: 'input',
    block_id: `md_${i}`,
    optional: i > 0,
    label: plain(t(lang, 'slack.modal.kb.label', { part: i + 1, parts: chunks.length }), 2000),
    element: { type: 'plain_text_input', action_id: 'md', multiline: true, max_length: INPUT_LIMIT, ...(chunk ? { initial_value: chunk } : {}) },
  }));
  inputs.push({
    type: 'input',
    block_id: `md_${chunks.length}`,
    optional: true,
    label: plain(t(lang, 'slack.modal.kb.labelMore'), 2000),
    element: { type: 'plain_text_input', action_id: 'md', multiline: true, max_length: INPUT_LIMIT },
  });
  return {
    type: 'modal',
    callback_id: KB_CALLBACK,
    private_metadata: metadata(meta),
    title: plain(t(lang, meta.verb === 'add' ? 'slack.modal.kb.titleAdd' : 'slack.modal.kb.titleEdit'), TITLE_LIMIT),
    submit: plain(t(lang, 'slack.modal.kb.submit'), TITLE_LIMIT),
    close: plain(t(lang, 'slack.modal.close'), TITLE_LIMIT),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t(lang, 'slack.modal.kb.intro')) } }, ...inputs],
  };
}

export function parseKbSubmission(view: SubmittedView): { meta: KbFormMeta; markdown: string } | null {
  const meta = readMetadata(view.private_metadata);
  if (!meta || (meta.verb !== 'add' && meta.verb !== 'edit') || typeof meta.r !== 'string' || !isRef(meta.r)) return null;
  if (meta.verb === 'edit' && (typeof meta.slug !== 'string' || !/^[a-z0-9-]{2,100}$/.test(meta.slug))) return null;
  const parts = Object.keys(view.state.values)
    .filter((k) => /^md_\d{1,3}$/.test(k))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
    // Not trimmed at the start of the first line: a piece of a split front matter may begin inside an indented list.
    .map((k) => (view.state.values[k]?.md?.value ?? '').replace(/^(?:[ \t]*\n)+/, '').trimEnd())
    .filter(Boolean);
  return {
    meta: { verb: meta.verb, r: meta.r, ...(meta.verb === 'edit' ? { slug: meta.slug as string } : {}), ...(typeof meta.u === 'string' ? { u: meta.u } : {}) },
    markdown: joinInputs(parts),
  };
}

/** A blank article to start from, in the admin's language. */
export function articleTemplate(lang: Lang, today: string): string {
  return [
    '---',
    `slug: new-article-${lang}`,
    `lang: ${lang}`,
    `title: "${t(lang, 'kb.template.title')}"`,
    `summary: "${t(lang, 'kb.template.summary')}"`,
    'topics:',
    '  - reporting-contacts',
    'category: general',
    'severity_hint: low',
    `updated: ${today}`,
    'keywords: []',
    '---',
    '',
    `## ${t(lang, 'article.heading.doNow')}`,
    '',
    `1. ${t(lang, 'kb.template.firstStep')}`,
    '',
    `## ${t(lang, 'article.heading.whenToCall')}`,
    '',
    t(lang, 'kb.template.whenToCall'),
  ].join('\n');
}

/**
 * Splits at blank lines into pieces of at most `limit` characters; null if one paragraph is longer.
 * The front matter has no blank line and can outgrow one input (an article's `asks` and keywords):
 * it is split at line breaks instead, and joinInputs puts those pieces back together with one.
 */
export function splitForInputs(markdown: string, limit: number): string[] | null {
  const paragraphs = markdown.split('\n\n');
  const chunks: string[] = [];
  let current: string | undefined;
  if (paragraphs[0]!.startsWith('---\n') && paragraphs[0]!.length > limit) {
    const lines = paragraphs.shift()!.split('\n');
    let piece: string | undefined;
    for (const line of lines) {
      if (line.length > limit) return null;
      if (piece === undefined) piece = line;
      else if (piece.length + 1 + line.length <= limit) piece = `${piece}\n${line}`;
      else {
        chunks.push(piece);
        piece = line;
      }
    }
    // The front matter's last piece (with its closing ---) stands alone: the body joins it with a blank line.
    if (piece !== undefined) chunks.push(piece);
  }
  for (const p of paragraphs) {
    if (p.length > limit) return null;
    if (current === undefined) current = p;
    else if (current.length + 2 + p.length <= limit) current = `${current}\n\n${p}`;
    else {
      chunks.push(current);
      current = p;
    }
  }
  if (current !== undefined) chunks.push(current);
  return chunks.length ? chunks : [''];
}

/** The inputs' text as one article: pieces of a front matter still open join with a line break, the rest with a blank line. */
export function joinInputs(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    if (out === '') {
      out = part;
      continue;
    }
    const frontMatterOpen = out.startsWith('---\n') && !/\n---$/.test(out) && !/\n---\n/.test(out);
    out = `${out}${frontMatterOpen ? '\n' : '\n\n'}${part}`;
  }
  return out;
}

export function plain(text: string, max: number): types.PlainTextElement {
  const chars = [...text];
  return { type: 'plain_text', text: chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`, emoji: true };
}

export function metadata(meta: object): string {
  const json = JSON.stringify(meta);
  // A response_url is the only long field: without it the reply goes to the thread or DM instead.
  return json.length <= METADATA_LIMIT ? json : JSON.stringify({ ...meta, u: undefined });
}

export function readMetadata(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function isRef(ref: string): boolean {
  try {
    parseRef(ref);
    return true;
  } catch {
    return false;
  }
}
