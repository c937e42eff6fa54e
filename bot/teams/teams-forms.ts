import type { Card } from '../../handlers/cards.js';
import { ARTICLE_OPEN_ACTION } from '../../handlers/ask/answer-card.js';
import { RECLASSIFY_ACTION } from '../../handlers/escalation/escalation-card.js';
import { DISPATCH_DONE_ACTION, DISPATCH_ETA_ACTION, DISPATCH_REQUEST_ACTION } from '../../handlers/dispatch/dispatch-card.js';
import { CATEGORIES, SEVERITIES, taxonomy } from '../../knowledge/taxonomy.js';
import type { Lang } from '../../knowledge/text/normalize.js';
import { SCHEMA, safeText, type AdaptiveCard, CARD_CONTENT_TYPE } from './adaptive-card-renderer.js';
import { t, type KeysOf } from '../../core/i18n/t.js';

/*
 * What the Teams app shows besides the core's cards: the resolve dialog (a
 * task module with a card form), the link card of a downloadable file, and
 * the bodies of invoke responses. Pure builders.
 */

/** The action whose button opens the resolve dialog. */
export const RESOLVE_ACTION = 'case.resolve';
/** Longest summary the dialog accepts (the core keeps 4,000 characters). */
export const SUMMARY_LIMIT = 4000;

/** The resolution-summary form shown in a Teams dialog; its submit comes back as `task/submit`. */
export function resolveFormCard(lang: Lang, caseNumber: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    lang,
    body: [
      { type: 'TextBlock', text: t(lang, 'teams.dialog.resolve.intro', { number: safeText(caseNumber) }), wrap: true },
      {
        type: 'Input.Text',
        id: 'summary',
        label: t(lang, 'teams.dialog.resolve.label'),
        placeholder: t(lang, 'teams.dialog.resolve.placeholder'),
        isMultiline: true,
        maxLength: SUMMARY_LIMIT,
        isRequired: true,
        errorMessage: t(lang, 'teams.dialog.resolve.empty'),
      },
    ],
    actions: [{ type: 'Action.Submit', title: t(lang, 'teams.dialog.resolve.submit'), data: { actionId: RESOLVE_ACTION, value: caseNumber }, style: 'positive' }],
  };
}

/** Buttons that open a dialog (a task module with a form) instead of acting at once. */
export const DIALOG_ACTIONS: readonly string[] = [RESOLVE_ACTION, RECLASSIFY_ACTION, ARTICLE_OPEN_ACTION, DISPATCH_REQUEST_ACTION, DISPATCH_ETA_ACTION, DISPATCH_DONE_ACTION];

/** The fields of the on-site dispatch dialogs (README "On-site dispatch"); the core checks them again. */
export const DISPATCH_FORM_FIELDS = ['address', 'contact', 'slots', 'remote', 'bring', 'notes', 'eta', 'hours', 'cost', 'note'] as const;

type DispatchInput = { id: (typeof DISPATCH_FORM_FIELDS)[number]; label: KeysOf<'dispatch'>; required?: boolean; multiline?: boolean; value?: string };

function dispatchForm(lang: Lang, intro: string | null, inputs: DispatchInput[], submit: { actionId: string; value: string; title: KeysOf<'dispatch'> }, choice?: { value: string }): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    lang,
    body: [
      ...(intro ? [{ type: 'TextBlock' as const, text: intro, wrap: true as const }] : []),
      ...inputs.map((f) => ({
        type: 'Input.Text' as const,
        id: f.id,
        label: t(lang, `dispatch.${f.label}`),
        maxLength: 1000,
        ...(f.multiline ? { isMultiline: true } : {}),
        ...(f.value ? { value: safeText(f.value) } : {}),
        ...(f.required ? { isRequired: true, errorMessage: t(lang, 'teams.dialog.dispatch.required') } : {}),
      })),
      ...(choice
        ? [{
            type: 'Input.ChoiceSet' as const,
            id: 'remote',
            label: t(lang, 'dispatch.form.remote'),
            choices: [{ title: t(lang, 'dispatch.post.onsite'), value: 'onsite' }, { title: t(lang, 'dispatch.post.remoteFirst'), value: 'remote' }],
            value: choice.value,
            style: 'compact' as const,
            isRequired: true,
          }]
        : []),
    ],
    actions: [{ type: 'Action.Submit', title: t(lang, `dispatch.${submit.title}`), data: { actionId: submit.actionId, value: submit.value }, style: 'positive' }],
  };
}

/** 「駆けつけ依頼」: address and on-site contact preset from the company's profile (editable), slots, remote first or on site, what to bring, notes. */
export function dispatchRequestFormCard(lang: Lang, caseNumber: string, defaults: { address: string; contact: string }): AdaptiveCard {
  return dispatchForm(
    lang,
    t(lang, 'dispatch.form.intro', { number: safeText(caseNumber) }),
    [
      { id: 'address', label: 'form.address', required: true, multiline: true, value: defaults.address },
      { id: 'contact', label: 'form.contact', value: defaults.contact },
      { id: 'slots', label: 'form.slots' },
      { id: 'bring', label: 'form.bring' },
      { id: 'notes', label: 'form.notes', multiline: true },
    ],
    { actionId: DISPATCH_REQUEST_ACTION, value: caseNumber, title: 'form.submit' },
    { value: 'onsite' },
  );
}

/** The ETA behind 「到着予定を知らせる」 on a dispatch post (value: the request's id). */
export function dispatchEtaFormCard(lang: Lang, dispatchId: string): AdaptiveCard {
  return dispatchForm(lang, null, [{ id: 'eta', label: 'form.etaLabel', required: true }], { actionId: DISPATCH_ETA_ACTION, value: dispatchId, title: 'form.etaSubmit' });
}

/** The end of the work behind 「作業完了」: hours (blank: since arrival), cost (blank: hours × rate), a note. */
export function dispatchDoneFormCard(lang: Lang, dispatchId: string): AdaptiveCard {
  return dispatchForm(
    lang,
    null,
    [
      { id: 'hours', label: 'form.hours' },
      { id: 'cost', label: 'form.cost' },
      { id: 'note', label: 'form.doneNote', multiline: true },
    ],
    { actionId: DISPATCH_DONE_ACTION, value: dispatchId, title: 'form.doneSubmit' },
  );
}

/** The triage correction: urgency and category (preset to the case's current ones) and a reason; its submit comes back as `task/submit`. */
export function reclassifyFormCard(lang: Lang, caseNumber: string, current: { severity: string; category: string }): AdaptiveCard {
  const label = (list: readonly { id: string; ja: string; en: string }[], id: string) => list.find((x) => x.id === id)?.[lang] ?? id;
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    lang,
    body: [
      { type: 'TextBlock', text: t(lang, 'teams.dialog.reclassify.intro', { number: safeText(caseNumber) }), wrap: true },
      {
        type: 'Input.ChoiceSet',
        id: 'severity',
        label: t(lang, 'teams.dialog.reclassify.severity'),
        choices: [...SEVERITIES].reverse().map((s) => ({ title: label(taxonomy.severities, s), value: s })),
        value: current.severity,
        style: 'compact',
        isRequired: true,
      },
      {
        type: 'Input.ChoiceSet',
        id: 'category',
        label: t(lang, 'teams.dialog.reclassify.category'),
        choices: CATEGORIES.map((c) => ({ title: label(taxonomy.categories, c), value: c })),
        value: current.category,
        style: 'compact',
        isRequired: true,
      },
      {
        type: 'Input.Text',
        id: 'reason',
        label: t(lang, 'teams.dialog.reclassify.reason'),
        isMultiline: true,
        maxLength: 1000,
        isRequired: true,
        errorMessage: t(lang, 'teams.dialog.reclassify.empty'),
      },
    ],
    actions: [{ type: 'Action.Submit', title: t(lang, 'teams.dialog.reclassify.submit'), data: { actionId: RECLASSIFY_ACTION, value: caseNumber }, style: 'positive' }],
  };
}

/** `task/fetch` answer that opens the dialog. */
export function taskContinue(title: string, card: AdaptiveCard): Record<string, unknown> {
  return { task: { type: 'continue', value: { title, width: 'medium', height: 'medium', card: { contentType: CARD_CONTENT_TYPE, content: card } } } };
}

/** `task/fetch` or `task/submit` answer that shows a short message (a refusal) instead of a form. */
export function taskMessage(text: string): Record<string, unknown> {
  return { task: { type: 'message', value: text } };
}

/** `adaptiveCard/action` answer: the card replaces the pressed one for the person who pressed it. */
export function executeCardResponse(card: AdaptiveCard): Record<string, unknown> {
  return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card };
}

/** `adaptiveCard/action` answer: a short message shown to the person who pressed. */
export function executeMessageResponse(text: string): Record<string, unknown> {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

/** A card with a download button for a file the bot serves for a short while. */
export function fileLinkCard(lang: Lang, file: { name: string; size: number }, url: string, minutes: number): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    lang,
    body: [{ type: 'TextBlock', text: t(lang, 'teams.file.ready', { name: safeText(file.name), size: formatSize(file.size), minutes }), wrap: true }],
    actions: [{ type: 'Action.OpenUrl', title: t(lang, 'teams.file.download'), url }],
  };
}

/** A text file (a Markdown report) shown in the conversation when no download link can be offered. */
export function inlineFileCard(lang: Lang, name: string, text: string, maxChars: number): AdaptiveCard {
  const clipped = text.length > maxChars;
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    lang,
    body: [
      { type: 'TextBlock', text: t(lang, 'teams.file.inline', { name: safeText(name) }), wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: safeText(clipped ? text.slice(0, maxChars) : text), wrap: true, fontType: 'Monospace', size: 'Small' },
      ...(clipped ? [{ type: 'TextBlock' as const, text: t(lang, 'teams.render.truncated'), wrap: true as const, isSubtle: true }] : []),
    ],
  };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const CASE_NUMBER = /^OT-\d{6,12}$/;

/** The case a card is about: the value of its case buttons (escalation cards carry the number). */
export function caseNumberOf(card: Card): string | null {
  const button = (card.buttons ?? []).find((b) => b.actionId.startsWith('case.') && CASE_NUMBER.test(b.value));
  return button?.value ?? null;
}
